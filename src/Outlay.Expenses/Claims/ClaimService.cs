using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.Expenses.Metrics;
using Outlay.Expenses.Settings;

namespace Outlay.Expenses.Claims;

/// <summary>The outcome of a change to a claim, which each API turns into its own status codes.</summary>
public enum ClaimChange
{
    Done,
    NotFound,
    Forbidden,
    InvalidTransition,
    Stale,
}

/// <summary>
/// Every change to a claim, for both the claims API and seed 004's <c>/v1/expenses</c>: they share the data,
/// the state machine and the events.
/// </summary>
public sealed class ClaimService(ExpensesDbContext db, TimeProvider clock, UserCalendar calendar, ExpensesMetrics metrics)
{
    /// <param name="contactFromProfile">Whether name and email are the submitter's own (token or profile replica) rather than typed in.</param>
    public async Task<Claim> SubmitAsync(Guid submitterId, ClaimValues values, bool contactFromProfile, CancellationToken cancellationToken)
    {
        var now = Timestamps.Now(clock);
        var claim = new Claim
        {
            SubmitterId = submitterId,
            SubmitterName = values.Name,
            SubmitterEmail = values.Email,
            Category = values.Category,
            Description = values.Description,
            Currency = values.Currency,
            ContactFromProfile = contactFromProfile,
            CreatedAt = now,
        };
        values.ApplyTo(claim, now);
        db.Claims.Add(claim);
        ClaimEvents.Submitted(db, claim);
        await db.SaveChangesAsync(cancellationToken);
        return claim;
    }

    /// <summary>The submitter's name and email: the newest profile Identity announced, else what the access token says.</summary>
    public async Task<(string Name, string Email)> ContactOfAsync(Guid userId, string tokenName, string? tokenEmail, CancellationToken cancellationToken)
    {
        var profile = await db.SubmitterProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        return profile is not null ? (profile.Name, profile.Email) : (tokenName, tokenEmail ?? "");
    }

    /// <summary>Loads a claim the actor may see (tracked, for a change); null when there is none or it is not theirs to see.</summary>
    public async Task<Claim?> FindAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return claim is not null && ClaimWorkflow.CanSee(claim.SubmitterId, actor) ? claim : null;
    }

    public async Task<ClaimChange> EditAsync(Claim claim, ClaimValues values, Actor actor, CancellationToken cancellationToken)
    {
        if (Refuse(claim, ClaimAction.Edit, actor) is { } refused)
        {
            return refused;
        }

        values.ApplyTo(claim, Timestamps.Now(clock));
        return await SaveAsync(cancellationToken);
    }

    public async Task<ClaimChange> WithdrawAsync(Claim claim, Actor actor, CancellationToken cancellationToken)
    {
        if (Refuse(claim, ClaimAction.Withdraw, actor) is { } refused)
        {
            return refused;
        }

        db.Claims.Remove(claim);
        return await SaveAsync(cancellationToken);
    }

    /// <summary>Approves, rejects (a reason is required, checked by the caller) or reimburses.</summary>
    public async Task<ClaimChange> DecideAsync(Claim claim, ClaimAction action, Actor actor, string deciderName, string? comment, CancellationToken cancellationToken)
    {
        if (Refuse(claim, action, actor) is { } refused)
        {
            return refused;
        }

        var now = Timestamps.Now(clock);
        if (action == ClaimAction.Reimburse)
        {
            claim.ReimbursedAt = now;
        }
        else
        {
            claim.DecidedAt = now;
            claim.DecidedOn = (await calendar.ForAsync(actor.UserId, cancellationToken)).Today;
            claim.DecidedById = actor.UserId;
            claim.DecidedByName = deciderName;
            claim.DecisionComment = comment;
        }

        claim.Status = ClaimWorkflow.Next(claim.Status, action)!.Value;
        claim.Touch(now);
        ClaimEvents.Decided(db, claim, actor.UserId, now, action == ClaimAction.Reimburse ? comment : claim.DecisionComment);

        var result = await SaveAsync(cancellationToken);
        if (result == ClaimChange.Done && action != ClaimAction.Reimburse)
        {
            metrics.ClaimDecided(ClaimWorkflow.Describe(claim.Status), now - claim.CreatedAt);
        }

        return result;
    }

    private static ClaimChange? Refuse(Claim claim, ClaimAction action, Actor actor) => ClaimWorkflow.Check(claim.Status, claim.SubmitterId, action, actor) switch
    {
        Verdict.Allowed => null,
        Verdict.NotFound => ClaimChange.NotFound,
        Verdict.Forbidden => ClaimChange.Forbidden,
        _ => ClaimChange.InvalidTransition,
    };

    private async Task<ClaimChange> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ClaimChange.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ClaimChange.Stale;
        }
    }
}
