using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Outlay.Contracts.Identity;
using Outlay.Identity.Accounts;
using Outlay.Identity.Infrastructure;
using Outlay.Messaging.Outbox;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Identity.Profiles;

/// <summary>
/// The one way a profile changes, for its owner and for an admin: validated, emails unique across accounts,
/// and guarded by optimistic concurrency so a stale form never silently overwrites a newer profile.
/// </summary>
public sealed class ProfileEditor(IdentityDbContext db, TimeProvider clock)
{
    /// <summary>What an If-Match problem calls the thing that changed.</summary>
    public const string Resource = "profile";

    public async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateAsync(
        Guid accountId, ProfileUpdate update, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = update.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var account = await db.Accounts.Include(a => a.Emails).FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        if (IfMatch.Check(http.Request, UserResponse.From(account).ETag, Resource) is { } failed)
        {
            return failed;
        }

        var normalized = update.Emails!.Select(e => Account.Normalize(e!)).ToList();
        var clash = await EmailOwnership.FindTakenAsync(db, normalized, accountId, cancellationToken);
        if (clash is not null)
        {
            return new ValidationErrors().Add($"emails[{normalized.IndexOf(clash)}]", "This email belongs to another account.").ToProblem();
        }

        db.AccountEmails.RemoveRange(account.Emails);
        update.ApplyTo(account, clock.GetUtcNow().UtcDateTime);
        db.AccountEmails.AddRange(account.Emails);
        db.PublishEvent(new UserProfileUpdated(ProfileSnapshots.Of(account), account.UpdatedAt), aggregateKey: account.Id.ToString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.PreconditionFailed(Resource);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await EmailOwnership.FindTakenAsync(db, normalized, accountId, CancellationToken.None) is null)
            {
                throw;
            }

            // A concurrent update claimed one of the emails between our check and our commit.
            return new ValidationErrors().Add("emails", "One of these emails belongs to another account.").ToProblem();
        }

        var response = UserResponse.From(account);
        http.Response.Headers.ETag = response.ETag;
        return TypedResults.Ok(response);
    }
}
