using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.Expenses;

/// <summary>An expense as the API shows it; the amount is a string with the currency's digits.</summary>
public sealed record ExpenseResponse(
    Guid Id,
    string Amount,
    string Currency,
    DateOnly SpentOn,
    Guid CategoryId,
    string Description,
    string? Merchant,
    IReadOnlyList<string> Tags,
    string? Notes,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version)
{
    public static ExpenseResponse From(Expense e) => new(e.Id, MoneyText.Format(e.Amount, e.Currency), e.Currency, e.SpentOn, e.CategoryId,
        e.Description, e.Merchant, e.TagList, e.Notes, e.CreatedAt, e.UpdatedAt, e.Version);
}

/// <summary>One page of a keyset-paginated list; <c>next</c> is the cursor of the following page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
