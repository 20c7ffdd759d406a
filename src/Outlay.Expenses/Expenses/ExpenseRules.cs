namespace Outlay.Expenses.Expenses;

/// <summary>Field limits shared by the API, the CSV import and the schema.</summary>
public static class ExpenseRules
{
    public const int DescriptionMaxLength = 200;
    public const int MerchantMaxLength = 120;
    public const int NotesMaxLength = 2000;
    public const int MaxTags = 10;
    public const int TagMaxLength = 32;

    /// <summary>Expenses far in the past are typos as often as real history; far future ones always are.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public const int MaxDaysAhead = 366;

    /// <summary>Lower-cased, trimmed; letters, digits, '-', '_' and inner spaces; null when not a valid tag.</summary>
    public static string? NormalizeTag(string? tag)
    {
        var trimmed = tag?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > TagMaxLength
            || !trimmed.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ')
            ? null
            : trimmed;
    }
}
