using System.Security.Cryptography;
using System.Text;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

using Outlay.Identity.Infrastructure;

namespace Outlay.Identity.Tokens;

public sealed partial class RefreshTokenService(IdentityDbContext db, IOptions<IdentityOptions> options, TimeProvider clock, ILogger<RefreshTokenService> logger)
{
    /// <summary>Starts a new family (a login) or continues one (a refresh); returns the opaque token.</summary>
    public async Task<(string Token, DateTime ExpiresAt)> IssueAsync(Guid accountId, Guid? familyId, CancellationToken cancellationToken)
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.RefreshTokenLifetime;
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            FamilyId = familyId ?? Guid.NewGuid(),
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = expires,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (token, expires);
    }

    /// <summary>
    /// Uses a token up. The conditional update makes "use" atomic: of two concurrent refreshes with one token
    /// only one wins, and the loser is treated as reuse. Reuse of a spent token revokes its whole family.
    /// </summary>
    public async Task<RefreshToken?> ConsumeAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= now)
        {
            return null;
        }

        var won = await db.RefreshTokens
            .Where(t => t.Id == stored.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now), cancellationToken);
        // A family revoked by a detected reuse (possibly racing with this very refresh) stays dead.
        var familyRevoked = await db.RefreshTokens.AnyAsync(t => t.FamilyId == stored.FamilyId && t.RevokedAt != null, cancellationToken);
        if (won == 1 && !familyRevoked)
        {
            return stored;
        }

        if (won == 1)
        {
            return null;
        }

        LogReuse(logger, stored.AccountId, stored.FamilyId);
        await RevokeFamilyAsync(stored.FamilyId, cancellationToken);
        return null;
    }

    /// <summary>Logout: the token's family can no longer be refreshed. Unknown tokens are ignored.</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).FirstOrDefaultAsync(cancellationToken);
        if (familyId is { } family)
        {
            await RevokeFamilyAsync(family, cancellationToken);
        }
    }

    private Task<int> RevokeFamilyAsync(Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reuse for account {AccountId}; family {FamilyId} revoked")]
    private static partial void LogReuse(ILogger logger, Guid accountId, Guid familyId);
}
