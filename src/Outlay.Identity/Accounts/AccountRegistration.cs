using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Identity;
using Outlay.Identity.Infrastructure;
using Outlay.Messaging.Outbox;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Identity.Accounts;

/// <summary>Creates accounts for sign-up and for the first admin, with the email unique across login and contact emails.</summary>
public sealed class AccountRegistration(IdentityDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock)
{
    /// <summary>Returns null when the email is already taken (also when a concurrent sign-up won the race).</summary>
    public async Task<Account?> RegisterAsync(string email, string password, string firstName, string lastName, IEnumerable<string> extraRoles, CancellationToken cancellationToken)
    {
        var normalized = Account.Normalize(email);
        if (await EmailOwnership.FindTakenAsync(db, [normalized], exceptAccount: null, cancellationToken) is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            Email = email,
            NormalizedEmail = normalized,
            FirstName = firstName,
            LastName = lastName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        account.Touch(now);
        account.SetRoles(extraRoles.Append(OutlayRoles.User));
        account.PasswordHash = hasher.HashPassword(account, password);
        account.Emails.Add(new AccountEmail { AccountId = account.Id, Position = 0, Email = email, NormalizedEmail = normalized });
        db.Accounts.Add(account);
        db.PublishEvent(new UserRegistered(ProfileSnapshots.Of(account), now), aggregateKey: account.Id.ToString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return account;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await EmailOwnership.FindTakenAsync(db, [normalized], exceptAccount: null, cancellationToken) is not null)
            {
                return null;
            }

            throw;
        }
    }
}
