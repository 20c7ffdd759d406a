using Outlay.Contracts.Expenses;
using Outlay.Expenses.Infrastructure;
using Outlay.Messaging.Outbox;

namespace Outlay.Expenses.Claims;

/// <summary>
/// The integration events of the claim workflow, queued in the outbox of the same unit of work as the change:
/// they are stored only if the change commits, and sent after it does.
/// </summary>
internal static class ClaimEvents
{
    public static void Submitted(ExpensesDbContext db, Claim claim) =>
        db.PublishEvent(new ClaimSubmitted(claim.Id, claim.SubmitterId, claim.SubmitterName, claim.SubmitterEmail, claim.Category,
            claim.Description, claim.EstimatedCost, claim.Currency, claim.CreatedAt), aggregateKey: claim.Id.ToString());

    /// <summary>After an approval, a rejection or a reimbursement (the status says which).</summary>
    public static void Decided(ExpensesDbContext db, Claim claim, Guid decidedBy, DateTime decidedAt, string? comment) =>
        db.PublishEvent(new ClaimDecided(claim.Id, claim.SubmitterId, ClaimWorkflow.Describe(claim.Status), decidedBy, decidedAt, comment),
            aggregateKey: claim.Id.ToString());
}
