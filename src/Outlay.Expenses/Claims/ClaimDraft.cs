using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Claims;

/// <summary>A claim's fields as either API received them, before validation.</summary>
public sealed record ClaimDraft(
    string? Name,
    string? Email,
    string? Category,
    string? Description,
    string? Link,
    MoneyInput? EstimatedCost,
    string? Currency,
    DateOnly? SubmittedOn);

/// <summary>A validated claim, ready to be stored.</summary>
public sealed record ClaimValues(string Name, string Email, string Category, string Description, string? Link, decimal EstimatedCost, string Currency, DateOnly SubmittedOn)
{
    public static ClaimValues Of(Claim claim) => new(claim.SubmitterName, claim.SubmitterEmail, claim.Category, claim.Description, claim.Link,
        claim.EstimatedCost, claim.Currency, claim.SubmittedOn);

    public void ApplyTo(Claim claim, DateTime now)
    {
        claim.SubmitterName = Name;
        claim.SubmitterEmail = Email;
        claim.Category = Category;
        claim.Description = Description;
        claim.Link = Link;
        claim.EstimatedCost = EstimatedCost;
        claim.Currency = Currency;
        claim.SubmittedOn = SubmittedOn;
        claim.Touch(now);
    }
}

/// <summary>The names each API gives the fields, so that a field error names what the client sent.</summary>
public sealed record ClaimFieldNames(string Name, string Email, string Category, string Description, string Link, string EstimatedCost, string Currency, string SubmittedOn)
{
    public static readonly ClaimFieldNames Api = new("name", "email", "category", "description", "link", "estimatedCost", "currency", "submittedOn");
    public static readonly ClaimFieldNames V1 = new("name", "email", "category", "description", "link", "estimated_costs", "currency", "submit_date");
}

internal static class ClaimValidation
{
    /// <summary>Merges the draft over <paramref name="start"/> (absent fields keep their value) and checks everything.</summary>
    public static (ClaimValues? Values, ValidationErrors Errors) Validate(ClaimDraft draft, ClaimValues start, DateOnly today, ClaimFieldNames fields, bool requireCost)
    {
        var errors = new ValidationErrors();
        var name = draft.Name?.Trim() ?? start.Name;
        errors.Required(fields.Name, name).MaxLength(fields.Name, name, ClaimRules.NameMaxLength);
        var email = draft.Email?.Trim() ?? start.Email;
        errors.Required(fields.Email, email).Email(fields.Email, email);
        var category = draft.Category?.Trim() ?? start.Category;
        errors.Required(fields.Category, category).MaxLength(fields.Category, category, ClaimRules.CategoryMaxLength);
        var description = draft.Description?.Trim() ?? start.Description;
        errors.Required(fields.Description, description).MaxLength(fields.Description, description, ClaimRules.DescriptionMaxLength);
        foreach (var (field, value) in new[] { (fields.Name, name), (fields.Category, category) })
        {
            if (value.Any(char.IsControl))
            {
                errors.Add(field, "Control characters are not allowed here.");
            }
        }

        var link = draft.Link is null ? start.Link : string.IsNullOrWhiteSpace(draft.Link) ? null : draft.Link.Trim();
        if (link is not null && (link.Length > ClaimRules.LinkMaxLength || !ClaimRules.IsWebLink(link)))
        {
            errors.Add(fields.Link, "A link is an absolute http or https URL.");
        }

        var currency = start.Currency;
        if (draft.Currency is not null && (currency = Currencies.Normalize(draft.Currency) ?? "").Length == 0)
        {
            errors.Add(fields.Currency, "An ISO 4217 currency code such as EUR or USD is required.");
        }

        var cost = start.EstimatedCost;
        if (draft.EstimatedCost is { } text)
        {
            if (!text.TryParse(out cost))
            {
                errors.Add(fields.EstimatedCost, "An amount is a decimal number such as \"700\" or \"12.34\".");
            }
            else if (currency.Length > 0 && MoneyText.Check(cost, currency) is { } problem)
            {
                errors.Add(fields.EstimatedCost, problem);
            }
        }
        else if (requireCost)
        {
            errors.Add(fields.EstimatedCost, "This field is required.");
        }

        var submittedOn = draft.SubmittedOn ?? start.SubmittedOn;
        if (submittedOn < new DateOnly(1900, 1, 1) || submittedOn > today.AddDays(1))
        {
            errors.Add(fields.SubmittedOn, "The submit date cannot be in the future.");
        }

        return errors.IsValid
            ? (new ClaimValues(name, email, category, description, link, cost, currency, submittedOn), errors)
            : (null, errors);
    }
}
