namespace Outlay.Contracts.Expenses;

public sealed record ClaimSubmitted(
    Guid ClaimId,
    Guid SubmitterId,
    string SubmitterName,
    string SubmitterEmail,
    string Category,
    string Description,
    decimal EstimatedCost,
    string Currency,
    DateTime SubmittedAt) : IIntegrationEvent
{
    public static string EventType => "expenses.claim-submitted.v1";
}

/// <param name="Status">The claim's status after the decision: <c>approved</c>, <c>rejected</c> or <c>reimbursed</c>.</param>
public sealed record ClaimDecided(
    Guid ClaimId,
    Guid SubmitterId,
    string Status,
    Guid DecidedBy,
    DateTime DecidedAt,
    string? Comment) : IIntegrationEvent
{
    public static string EventType => "expenses.claim-decided.v1";
}
