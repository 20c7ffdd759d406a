using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Money;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Expenses;

/// <summary>The query string of the expense list and the CSV export.</summary>
public sealed record ExpenseFilter(
    Guid[]? Category,
    string? Tag,
    DateOnly? From,
    DateOnly? To,
    string? Min,
    string? Max,
    string? Q,
    string? Sort)
{
    public const int MaxCategories = 50;
    public const int MaxSearchLength = 100;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors().MaxLength("q", Q, MaxSearchLength);
        if (Category is { Length: > MaxCategories })
        {
            errors.Add("category", $"At most {MaxCategories} categories can be combined.");
        }

        if (Tag is not null && ExpenseRules.NormalizeTag(Tag) is null)
        {
            errors.Add("tag", "This is not a valid tag.");
        }

        if (From > To)
        {
            errors.Add("from", "'from' is after 'to'.");
        }

        if (Min is not null && !MoneyText.TryParse(Min, out _))
        {
            errors.Add("min", "An amount is a decimal number such as 12.34.");
        }

        if (Max is not null && !MoneyText.TryParse(Max, out _))
        {
            errors.Add("max", "An amount is a decimal number such as 12.34.");
        }

        if (ExpenseSort.Parse(Sort) is null)
        {
            errors.Add("sort", $"Sort by one of {string.Join(", ", ExpenseSort.Names)}, with a leading '-' for descending.");
        }

        return errors;
    }

    /// <summary>Applies the filters to the owner's expenses; call only after <see cref="Validate"/> passed.</summary>
    public IQueryable<Expense> Apply(IQueryable<Expense> expenses, Guid ownerId)
    {
        var query = expenses.Where(e => e.OwnerId == ownerId);
        if (Category is { Length: > 0 } categories)
        {
            query = query.Where(e => categories.Contains(e.CategoryId));
        }

        if (Tag is not null)
        {
            var tag = ExpenseRules.NormalizeTag(Tag);
            query = query.Where(e => e.TagRows.Any(t => t.Tag == tag));
        }

        if (From is { } from)
        {
            query = query.Where(e => e.SpentOn >= from);
        }

        if (To is { } to)
        {
            query = query.Where(e => e.SpentOn <= to);
        }

        if (Min is not null && MoneyText.TryParse(Min, out var min))
        {
            var units = MoneyUnits.ToUnits(Math.Clamp(min, 0, MoneyText.Max + 1));
            query = query.Where(e => e.AmountUnits >= units);
        }

        if (Max is not null && MoneyText.TryParse(Max, out var max))
        {
            var units = MoneyUnits.ToUnits(Math.Clamp(max, -1, MoneyText.Max + 1));
            query = query.Where(e => e.AmountUnits <= units);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = LikePattern.Contains(Q.Trim().ToUpperInvariant());
            query = query.Where(e => EF.Functions.Like(e.SearchText, pattern, LikePattern.EscapeCharacter));
        }

        return query;
    }
}
