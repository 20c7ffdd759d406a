using System.Collections.Concurrent;
using System.Security.Claims;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Outlay.ServiceDefaults.Auth;

/// <summary>
/// Validates bearer tokens with <see cref="JsonWebTokenHandler"/> and remembers the ones that passed, as Envoy's
/// jwt_authn does: a client sends the same token on every request, and checking its RSA signature each time is
/// most of what authentication costs. A remembered token is served for at most <c>ttl</c> and never after its own
/// expiry; failures are never remembered, so a tampered, expired or unsigned token is always checked in full.
/// The price: a key withdrawn from the JWKS keeps validating tokens already seen for up to <c>ttl</c>.
/// </summary>
internal sealed class CachingTokenHandler : TokenHandler
{
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly TimeSpan _ttl;
    private long _misses;

    public CachingTokenHandler(TimeProvider time, int capacity, TimeSpan ttl)
    {
        _time = time;
        _capacity = capacity;
        _ttl = ttl;
        MaximumTokenSizeInBytes = _inner.MaximumTokenSizeInBytes;
    }

    /// <summary>Full validations run so far (tests read it to tell a cache hit from a miss).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_capacity > 0 && _validated.TryGetValue(token, out var entry))
        {
            if (now < entry.ValidUntil)
            {
                return entry.Copy();
            }

            _validated.TryRemove(KeyValuePair.Create(token, entry));
        }

        Interlocked.Increment(ref _misses);
        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (_capacity > 0 && result.IsValid && result.SecurityToken is { } securityToken)
        {
            var until = now + _ttl;
            if (securityToken.ValidTo != DateTime.MinValue && securityToken.ValidTo < until)
            {
                until = securityToken.ValidTo;
            }

            Remember(token, new Entry(result, until));
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private void Remember(string token, Entry entry)
    {
        if (_validated.Count >= _capacity)
        {
            var now = _time.GetUtcNow().UtcDateTime;
            foreach (var (key, old) in _validated)
            {
                if (old.ValidUntil <= now)
                {
                    _validated.TryRemove(KeyValuePair.Create(key, old));
                }
            }

            if (_validated.Count >= _capacity)
            {
                return;
            }
        }

        _validated[token] = entry;
    }

    /// <summary>Each request gets its own identity: later stages may add claims, which must not leak into the next request.</summary>
    private sealed record Entry(TokenValidationResult Result, DateTime ValidUntil)
    {
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            SecurityToken = Result.SecurityToken,
            ClaimsIdentity = Result.ClaimsIdentity.Clone(),
            Issuer = Result.Issuer,
            TokenType = Result.TokenType,
            TokenContext = Result.TokenContext,
        };
    }
}
