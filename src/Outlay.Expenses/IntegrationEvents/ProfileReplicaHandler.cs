using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Identity;
using Outlay.Expenses.Claims;
using Outlay.Expenses.Infrastructure;
using Outlay.Messaging.Consuming;

namespace Outlay.Expenses.IntegrationEvents;

/// <summary>
/// Applies Identity's profile snapshots: keeps <see cref="SubmitterProfile"/> current and gives the user's pending
/// claims filed through <c>/api/claims</c> the new name and email, so approvers reach the submitter where they are
/// now. Decided claims keep the contact they were decided with, and <c>/v1</c> records keep the name and email
/// their body gave.
/// </summary>
internal sealed class ProfileReplicaHandler(ExpensesDbContext db, TimeProvider clock) : IEventHandler<UserRegistered>, IEventHandler<UserProfileUpdated>
{
    public Task HandleAsync(UserRegistered integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(integrationEvent.Profile, cancellationToken);

    public Task HandleAsync(UserProfileUpdated integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(integrationEvent.Profile, cancellationToken);

    private async Task ApplyAsync(UserProfileSnapshot snapshot, CancellationToken cancellationToken)
    {
        var now = Timestamps.Now(clock);
        var name = $"{snapshot.FirstName} {snapshot.LastName}".Trim();
        var known = await db.SubmitterProfiles.FirstOrDefaultAsync(p => p.UserId == snapshot.UserId, cancellationToken);
        if (known is null)
        {
            known = new SubmitterProfile { UserId = snapshot.UserId, Name = name, Email = snapshot.LoginEmail };
            db.SubmitterProfiles.Add(known);
        }
        else if (known.ProfileVersion >= snapshot.ProfileVersion)
        {
            return; // An older or repeated snapshot.
        }

        known.ProfileVersion = snapshot.ProfileVersion;
        known.Name = name;
        known.Email = snapshot.LoginEmail;
        known.UpdatedAt = now;

        var pending = await db.Claims
            .Where(c => c.SubmitterId == snapshot.UserId && c.Status == ClaimStatus.Pending && c.ContactFromProfile)
            .ToListAsync(cancellationToken);
        foreach (var claim in pending.Where(c => c.SubmitterName != name || c.SubmitterEmail != snapshot.LoginEmail))
        {
            claim.SubmitterName = name;
            claim.SubmitterEmail = snapshot.LoginEmail;
            claim.Touch(now);
        }
    }
}
