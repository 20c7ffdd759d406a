using System.Globalization;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Expenses;

/// <summary>The add and edit form of an expense, as typed: the API parses and validates it.</summary>
public sealed class ExpenseForm
{
    public static readonly FieldMap Fields = FieldMap.For("Form", "amount", "currency", "spentOn", "categoryId", "description", "merchant", "tags", "notes");

    public string? Amount { get; set; }
    public string? Currency { get; set; }
    public string? SpentOn { get; set; }
    public Guid? CategoryId { get; set; }
    public string? Description { get; set; }
    public string? Merchant { get; set; }

    /// <summary>Comma-separated, as people type them.</summary>
    public string? Tags { get; set; }

    public string? Notes { get; set; }
    public string? ETag { get; set; }

    public static ExpenseForm From(Expense expense) => new()
    {
        Amount = expense.Amount,
        Currency = expense.Currency,
        SpentOn = expense.SpentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CategoryId = expense.CategoryId,
        Description = expense.Description,
        Merchant = expense.Merchant,
        Tags = string.Join(", ", expense.Tags),
        Notes = expense.Notes,
        ETag = expense.ETag,
    };

    /// <summary>The API body, or null with <paramref name="dateError"/> when the date cannot even be read.</summary>
    public ExpenseInput? ToInput(out string? dateError)
    {
        dateError = null;
        DateOnly? spentOn = null;
        if (!string.IsNullOrWhiteSpace(SpentOn))
        {
            if (!DateOnly.TryParseExact(SpentOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dateError = "Write the date as year-month-day, for example 2026-03-31.";
                return null;
            }

            spentOn = date;
        }

        var tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ExpenseInput(Amount?.Trim(), string.IsNullOrWhiteSpace(Currency) ? null : Currency.Trim(), spentOn, CategoryId,
            Description, Merchant ?? "", tags, Notes ?? "");
    }
}
