using Microsoft.EntityFrameworkCore;
using Outlay.Identity.Infrastructure;

namespace Outlay.Identity.Accounts;

/// <summary>An email belongs to at most one account, as its login email or as one of its contact emails.</summary>
public static class EmailOwnership
{
    /// <summary>The first of <paramref name="normalizedEmails"/> another account already uses, or null.</summary>
    public static async Task<string?> FindTakenAsync(IdentityDbContext db, IReadOnlyCollection<string> normalizedEmails, Guid? exceptAccount, CancellationToken cancellationToken) =>
        await db.AccountEmails.Where(e => e.AccountId != exceptAccount && normalizedEmails.Contains(e.NormalizedEmail)).Select(e => e.NormalizedEmail).FirstOrDefaultAsync(cancellationToken)
        ?? await db.Accounts.Where(a => a.Id != exceptAccount && normalizedEmails.Contains(a.NormalizedEmail)).Select(a => a.NormalizedEmail).FirstOrDefaultAsync(cancellationToken);
}
