using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.Claims;

public sealed record Person(Guid Id, string Name, string? Email);

public sealed record ClaimResponse(
    Guid Id,
    Person Submitter,
    string Category,
    string Description,
    string? Link,
    string EstimatedCost,
    string Currency,
    DateOnly SubmittedOn,
    string Status,
    DateTime? DecidedAt,
    DateOnly? DecisionDate,
    Person? DecidedBy,
    string? DecisionComment,
    DateTime? ReimbursedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version)
{
    public static ClaimResponse From(Claim c) => new(
        c.Id,
        new Person(c.SubmitterId, c.SubmitterName, c.SubmitterEmail),
        c.Category,
        c.Description,
        c.Link,
        MoneyText.Format(c.EstimatedCost, c.Currency),
        c.Currency,
        c.SubmittedOn,
        ClaimWorkflow.Describe(c.Status),
        c.DecidedAt,
        c.DecidedOn,
        c.DecidedById is { } id ? new Person(id, c.DecidedByName ?? "", null) : null,
        c.DecisionComment,
        c.ReimbursedAt,
        c.CreatedAt,
        c.UpdatedAt,
        c.Version);
}

/// <summary>The body of POST and PUT <c>/api/claims</c>; the submitter's name and email come from the token.</summary>
public sealed record ClaimInput(string? Category, string? Description, string? Link, MoneyInput? EstimatedCost, string? Currency, DateOnly? SubmittedOn);

/// <summary>The body of a decision: a comment for an approval (optional) or a reimbursement, the reason of a rejection (required).</summary>
public sealed record DecisionInput(string? Comment);
