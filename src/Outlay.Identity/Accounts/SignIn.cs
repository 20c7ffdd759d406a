using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Outlay.Identity.Infrastructure;

namespace Outlay.Identity.Accounts;

/// <summary>
/// Checks a password with brute-force protection. Counters change with single atomic UPDATEs, so parallel
/// guesses cannot each read a stale count; a lockout that lands while a correct guess is being hashed
/// still wins. Every path computes one password hash, so unknown, locked and known accounts cost the same CPU.
/// </summary>
public sealed partial class SignIn(IdentityDbContext db, IPasswordHasher<Account> hasher, IOptions<IdentityOptions> options, TimeProvider clock, ILogger<SignIn> logger)
{
    private static readonly Account DecoyAccount = new() { Email = "", NormalizedEmail = "", FirstName = "", LastName = "" };
    private static readonly string DecoyHash = new PasswordHasher<Account>().HashPassword(DecoyAccount, Guid.NewGuid().ToString());

    /// <summary>The account when the password is right and the account is not locked; otherwise null.</summary>
    public async Task<Account?> CheckAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = Account.Normalize(email);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (account is null || account.IsLockedOut(now))
        {
            hasher.VerifyHashedPassword(DecoyAccount, DecoyHash, password);
            LogFailedLogin(logger, account is null ? "unknown account" : $"account {account.Id} is locked until {account.LockedUntil:O}");
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(account.Id, now, cancellationToken);
            LogFailedLogin(logger, $"wrong password for account {account.Id}");
            return null;
        }

        var reset = await db.Accounts
            .Where(a => a.Id == account.Id && (a.LockedUntil == null || a.LockedUntil <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FailedLoginCount, 0).SetProperty(a => a.LockoutCount, 0).SetProperty(a => a.LockedUntil, (DateTime?)null), cancellationToken);
        if (reset == 0)
        {
            LogFailedLogin(logger, $"account {account.Id} was locked during the check");
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            var rehashed = hasher.HashPassword(account, password);
            await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.PasswordHash, rehashed), cancellationToken);
        }

        return account;
    }

    private async Task RecordFailureAsync(Guid accountId, DateTime now, CancellationToken cancellationToken)
    {
        await db.Accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FailedLoginCount, a => a.FailedLoginCount + 1), cancellationToken);
        var counts = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { a.FailedLoginCount, a.LockoutCount }).SingleAsync(cancellationToken);
        var settings = options.Value;
        if (counts.FailedLoginCount < settings.LockoutThreshold)
        {
            return;
        }

        var lockedUntil = now + Account.LockoutDuration(counts.LockoutCount, settings);
        // Only one of several concurrent failures crosses the threshold: the one whose update still sees it.
        var locked = await db.Accounts
            .Where(a => a.Id == accountId && a.FailedLoginCount >= settings.LockoutThreshold)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.FailedLoginCount, 0)
                .SetProperty(a => a.LockoutCount, a => a.LockoutCount + 1)
                .SetProperty(a => a.LockedUntil, lockedUntil), cancellationToken);
        if (locked == 1)
        {
            LogLockout(logger, accountId, lockedUntil);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login: {Reason}")]
    private static partial void LogFailedLogin(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} locked until {LockedUntil:O} after repeated failed logins")]
    private static partial void LogLockout(ILogger logger, Guid accountId, DateTime lockedUntil);
}
