using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Expenses;

/// <summary>
/// The editable fields of an expense. For POST and PUT absent fields take defaults (currency from the user's
/// settings, today in the user's time zone); for PATCH an absent (null) field keeps its value and an empty
/// string clears merchant or notes.
/// </summary>
public sealed record ExpenseInput(
    MoneyInput? Amount,
    string? Currency,
    DateOnly? SpentOn,
    Guid? CategoryId,
    string? Description,
    string? Merchant,
    IReadOnlyList<string?>? Tags,
    string? Notes);

/// <summary>A validated expense, ready to be applied to an entity.</summary>
public sealed record ExpenseValues(decimal Amount, string Currency, DateOnly SpentOn, Guid CategoryId, string Description,
    string? Merchant, IReadOnlyList<string> Tags, string? Notes)
{
    /// <summary>The values of an existing expense, which a PATCH starts from.</summary>
    public static ExpenseValues Of(Expense expense) => new(expense.Amount, expense.Currency, expense.SpentOn, expense.CategoryId,
        expense.Description, expense.Merchant, expense.TagList, expense.Notes);

    public void ApplyTo(Expense expense, DateTime now)
    {
        expense.SetAmount(Amount, Currency);
        expense.SpentOn = SpentOn;
        expense.CategoryId = CategoryId;
        expense.Description = Description;
        expense.Merchant = Merchant;
        expense.Notes = Notes;
        expense.SetTags(Tags);
        expense.Touch(now);
    }
}

internal static class ExpenseValidation
{
    /// <summary>
    /// Merges <paramref name="input"/> over <paramref name="start"/> (defaults for a new expense, the current
    /// values for PATCH) and checks every field, reporting all errors at once.
    /// </summary>
    public static (ExpenseValues? Values, ValidationErrors Errors) Validate(ExpenseInput input, ExpenseValues start, DateOnly today, bool requireAll)
    {
        var errors = new ValidationErrors();
        var currency = start.Currency;
        if (input.Currency is not null)
        {
            currency = Currencies.Normalize(input.Currency) ?? "";
            if (currency.Length == 0)
            {
                errors.Add("currency", "An ISO 4217 currency code such as EUR or USD is required.");
            }
        }

        var amount = start.Amount;
        if (input.Amount is { } text)
        {
            if (!text.TryParse(out amount))
            {
                errors.Add("amount", "An amount is a decimal number such as \"12.34\".");
            }
            else if (currency.Length > 0 && MoneyText.Check(amount, currency) is { } problem)
            {
                errors.Add("amount", problem);
            }
        }
        else if (requireAll)
        {
            errors.Add("amount", "This field is required.");
        }
        else if (currency.Length > 0 && MoneyText.Check(amount, currency) is { } problem)
        {
            // A PATCH that only changes the currency must still fit the amount it keeps.
            errors.Add("currency", problem);
        }

        var spentOn = input.SpentOn ?? start.SpentOn;
        if (spentOn < ExpenseRules.EarliestDate || spentOn > today.AddDays(ExpenseRules.MaxDaysAhead))
        {
            errors.Add("spentOn", $"The date must be between {ExpenseRules.EarliestDate:yyyy-MM-dd} and a year from today.");
        }

        var description = input.Description?.Trim() ?? start.Description;
        errors.Required("description", description).MaxLength("description", description, ExpenseRules.DescriptionMaxLength);
        var merchant = input.Merchant is null ? start.Merchant : EmptyToNull(input.Merchant);
        errors.MaxLength("merchant", merchant, ExpenseRules.MerchantMaxLength);
        var notes = input.Notes is null ? start.Notes : EmptyToNull(input.Notes);
        errors.MaxLength("notes", notes, ExpenseRules.NotesMaxLength);
        ForbidControlCharacters(errors, ("description", description), ("merchant", merchant));

        var tags = start.Tags;
        if (input.Tags is not null)
        {
            var normalized = input.Tags.Select(ExpenseRules.NormalizeTag).ToList();
            if (input.Tags.Count > ExpenseRules.MaxTags)
            {
                errors.Add("tags", $"At most {ExpenseRules.MaxTags} tags are allowed.");
            }

            for (var i = 0; i < normalized.Count; i++)
            {
                if (normalized[i] is null)
                {
                    errors.Add($"tags[{i}]", $"A tag has 1 to {ExpenseRules.TagMaxLength} letters, digits, spaces, '-' or '_'.");
                }
            }

            tags = [.. normalized.OfType<string>().Distinct()];
        }

        var categoryId = input.CategoryId ?? start.CategoryId;
        return errors.IsValid
            ? (new ExpenseValues(amount, currency, spentOn, categoryId, description, merchant, tags, notes), errors)
            : (null, errors);
    }

    private static string? EmptyToNull(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void ForbidControlCharacters(ValidationErrors errors, params (string Field, string? Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            if (value is not null && value.Any(char.IsControl))
            {
                errors.Add(field, "Control characters (line breaks, tabs, ...) are not allowed here.");
            }
        }
    }
}
