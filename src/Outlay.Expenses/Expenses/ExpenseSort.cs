using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Outlay.Expenses.Expenses;

/// <summary>
/// The orders of the expense list and their keyset cursors. Every order ends in the id, so the position after
/// the last row of a page is exact: rows inserted meanwhile never make a page skip or repeat one.
/// </summary>
public sealed record ExpenseSort(string Field, bool Descending)
{
    public static readonly IReadOnlyList<string> Names = ["spentOn", "amount", "createdAt"];

    public static readonly ExpenseSort Default = new("spentOn", Descending: true);

    public static ExpenseSort? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Default;
        }

        var descending = text.StartsWith('-');
        var field = descending ? text[1..] : text;
        return Names.Contains(field) ? new ExpenseSort(field, descending) : null;
    }

    public IQueryable<Expense> Order(IQueryable<Expense> query) => (Field, Descending) switch
    {
        ("amount", false) => query.OrderBy(e => e.AmountUnits).ThenBy(e => e.Id),
        ("amount", true) => query.OrderByDescending(e => e.AmountUnits).ThenByDescending(e => e.Id),
        ("createdAt", false) => query.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id),
        ("createdAt", true) => query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        (_, false) => query.OrderBy(e => e.SpentOn).ThenBy(e => e.Id),
        _ => query.OrderByDescending(e => e.SpentOn).ThenByDescending(e => e.Id),
    };

    /// <summary>Rows strictly after the cursor position in this order.</summary>
    public IQueryable<Expense> After(IQueryable<Expense> query, Cursor cursor)
    {
        var id = cursor.Id;
        switch (Field)
        {
            case "amount":
                var units = long.Parse(cursor.Value, CultureInfo.InvariantCulture);
                return Descending
                    ? query.Where(e => e.AmountUnits < units || (e.AmountUnits == units && e.Id.CompareTo(id) < 0))
                    : query.Where(e => e.AmountUnits > units || (e.AmountUnits == units && e.Id.CompareTo(id) > 0));
            case "createdAt":
                var created = DateTime.Parse(cursor.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                return Descending
                    ? query.Where(e => e.CreatedAt < created || (e.CreatedAt == created && e.Id.CompareTo(id) < 0))
                    : query.Where(e => e.CreatedAt > created || (e.CreatedAt == created && e.Id.CompareTo(id) > 0));
            default:
                var spent = DateOnly.ParseExact(cursor.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return Descending
                    ? query.Where(e => e.SpentOn < spent || (e.SpentOn == spent && e.Id.CompareTo(id) < 0))
                    : query.Where(e => e.SpentOn > spent || (e.SpentOn == spent && e.Id.CompareTo(id) > 0));
        }
    }

    public Cursor CursorAfter(Expense last) => new(Field, Field switch
    {
        "amount" => last.AmountUnits.ToString(CultureInfo.InvariantCulture),
        "createdAt" => last.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        _ => last.SpentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }, last.Id);
}

/// <summary>An opaque position in one order: which field, its value and the id of the last row seen.</summary>
public sealed record Cursor(string Field, string Value, Guid Id)
{
    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Null when the text is not a cursor of <paramref name="sort"/>'s order (or not a cursor at all).</summary>
    public static Cursor? Decode(string text, ExpenseSort sort)
    {
        if (text.Length > 300)
        {
            return null;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var cursor = JsonSerializer.Deserialize<Cursor>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            if (cursor is null || cursor.Field != sort.Field || cursor.Value is null)
            {
                return null;
            }

            _ = sort.After(Enumerable.Empty<Expense>().AsQueryable(), cursor); // parses the value, throwing when malformed
            return cursor;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or OverflowException)
        {
            return null;
        }
    }
}
