using System.Security.Cryptography;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

using Outlay.Identity.Infrastructure;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Identity.Tokens;

/// <summary>
/// Signing keys live in Identity's database so that every replica signs with the same key and publishes the
/// same JWKS. They are cached in memory and reloaded when a token names a key we have not seen (another
/// replica rotated) or when the cache is older than a minute.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, IOptions<IdentityOptions> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile KeySet? cache;

    public async Task<RsaSecurityKey> GetSigningKeyAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Signing;

    public async Task<IReadOnlyList<RsaSecurityKey>> GetPublishedKeysAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Published;

    public void Invalidate() => cache = null;

    /// <summary>
    /// A token names a key we do not know: another replica may have rotated. Reload, but at most every few
    /// seconds, so a flood of tokens with made-up key ids cannot turn into a flood of database reads.
    /// </summary>
    public void RequestReload()
    {
        if (cache is { } current && clock.GetUtcNow().UtcDateTime - current.LoadedAt > TimeSpan.FromSeconds(5))
        {
            cache = null;
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>
    /// Creates the first key, or rotates when the newest is due; runs at start-up and hourly. Replicas starting
    /// or rotating at the same moment take turns: the second sees the first one's key and leaves it be, so there
    /// is never more than one key signing.
    /// </summary>
    public async Task EnsureCurrentKeyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await db.Database.BeginExclusiveTransactionAsync("identity.signing-keys", cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var newest = await db.SigningKeys.OrderByDescending(k => k.ActivatesAt).FirstOrDefaultAsync(cancellationToken);
        if (newest is null)
        {
            await AddKeyAsync(db, now, activatesAt: now, cancellationToken);
        }
        else if (now - newest.ActivatesAt >= options.Value.SigningKeyRotationInterval)
        {
            await RotateAsync(db, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Invalidate();
    }

    /// <summary>
    /// The documented rotation path: the new key is published at once and signs after the activation delay;
    /// the keys it replaces stay published for the longest access-token lifetime after that, plus a margin,
    /// so no token signed before the switch is rejected.
    /// </summary>
    public async Task RotateAsync(IdentityDbContext db, DateTime rotatedAt, CancellationToken cancellationToken)
    {
        var activatesAt = rotatedAt + options.Value.SigningKeyActivationDelay;
        var publishedUntil = activatesAt + options.Value.AccessTokenLifetime + TimeSpan.FromMinutes(5);
        foreach (var active in await db.SigningKeys.Where(k => k.RetiredAt == null).ToListAsync(cancellationToken))
        {
            active.RetiredAt = activatesAt;
            active.PublishedUntil = publishedUntil;
        }

        await AddKeyAsync(db, rotatedAt, activatesAt, cancellationToken);
    }

    private async Task AddKeyAsync(IdentityDbContext db, DateTime now, DateTime activatesAt, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        db.SigningKeys.Add(new SigningKey
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem(),
            CreatedAt = now,
            ActivatesAt = activatesAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        Invalidate();
    }

    private async Task<KeySet> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache is { } current && current.LoadedAt + CacheLifetime > now)
        {
            return current;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (cache is { } loaded && loaded.LoadedAt + CacheLifetime > now)
            {
                return loaded;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var keys = await db.SigningKeys.AsNoTracking()
                .Where(k => k.PublishedUntil == null || k.PublishedUntil > now)
                .OrderByDescending(k => k.ActivatesAt)
                .ToListAsync(cancellationToken);
            var signing = keys.FirstOrDefault(k => k.ActivatesAt <= now && (k.RetiredAt == null || k.RetiredAt > now))
                ?? throw new InvalidOperationException("No active signing key; EnsureCurrentKeyAsync runs at start-up.");
            var published = keys.Select(ToSecurityKey).ToList();
            cache = new KeySet(published.First(k => k.KeyId == signing.Id), published, now);
            return cache;
        }
        finally
        {
            gate.Release();
        }
    }

    private static RsaSecurityKey ToSecurityKey(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        return new RsaSecurityKey(rsa) { KeyId = key.Id };
    }

    private sealed record KeySet(RsaSecurityKey Signing, IReadOnlyList<RsaSecurityKey> Published, DateTime LoadedAt);
}
