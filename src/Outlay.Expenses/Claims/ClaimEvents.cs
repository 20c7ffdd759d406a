using Outlay.Expenses.Infrastructure;

namespace Outlay.Expenses.Claims;

/// <summary>
/// The integration events of the claim workflow, written to the outbox in the same unit of work as the change.
/// </summary>
internal static class ClaimEvents
{
    public static void Submitted(ExpensesDbContext db, Claim claim)
    {
        // Pending: the outbox (Outlay.Messaging) and the event contracts (Outlay.Contracts) are not on main yet.
        _ = db;
        _ = claim;
    }

    public static void Decided(ExpensesDbContext db, Claim claim)
    {
        _ = db;
        _ = claim;
    }
}
