using System.Security.Claims;
using System.Security.Cryptography;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Outlay.ServiceDefaults.Auth;
using Outlay.Testing;

namespace Outlay.ServiceDefaults.Tests.Auth;

public sealed class CachingTokenHandlerTests
{
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "cache-test" };
    private readonly ManualClock clock = new();

    [Fact]
    public async Task A_token_seen_before_is_not_checked_again_and_each_request_gets_its_own_identity()
    {
        var handler = new CachingTokenHandler(clock, capacity: 100, ttl: TimeSpan.FromMinutes(1));
        var token = Issue(DateTime.UtcNow.AddMinutes(10));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, handler.Misses);
        Assert.Equal("user-1", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
    }

    [Fact]
    public async Task A_tampered_copy_of_a_remembered_token_is_still_refused()
    {
        var handler = new CachingTokenHandler(clock, capacity: 100, ttl: TimeSpan.FromMinutes(1));
        var token = Issue(DateTime.UtcNow.AddMinutes(10));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var parts = token.Split('.');
        var forgedPayload = Base64UrlEncoder.Encode("""{"sub":"admin-1","role":"admin","iss":"outlay-identity","aud":"outlay","exp":4102444800}""");
        var forged = string.Join('.', parts[0], forgedPayload, parts[2]);
        var unsigned = string.Join('.', Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}"""), parts[1], string.Empty);

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(unsigned, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.Equal(4, handler.Misses);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires_whatever_the_cache_lifetime()
    {
        var handler = new CachingTokenHandler(TimeProvider.System, capacity: 100, ttl: TimeSpan.FromHours(1));
        var token = Issue(DateTime.UtcNow.AddSeconds(2));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var refused = await Eventually.ReadAsync(
            () => handler.ValidateTokenAsync(token, Parameters()), r => !r.IsValid, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.IsType<SecurityTokenExpiredException>(refused.Exception);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_after_the_cache_lifetime()
    {
        var handler = new CachingTokenHandler(clock, capacity: 100, ttl: TimeSpan.FromSeconds(30));
        var token = Issue(DateTime.UtcNow.AddMinutes(10));
        await handler.ValidateTokenAsync(token, Parameters());
        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal(2, handler.Misses);
    }

    [Fact]
    public async Task A_full_cache_keeps_validating_and_size_zero_turns_it_off()
    {
        var full = new CachingTokenHandler(clock, capacity: 1, ttl: TimeSpan.FromMinutes(1));
        var off = new CachingTokenHandler(clock, capacity: 0, ttl: TimeSpan.FromMinutes(1));
        var one = Issue(DateTime.UtcNow.AddMinutes(10), "user-1");
        var two = Issue(DateTime.UtcNow.AddMinutes(10), "user-2");

        foreach (var token in new[] { one, two, one, two })
        {
            Assert.True((await full.ValidateTokenAsync(token, Parameters())).IsValid);
            Assert.True((await off.ValidateTokenAsync(token, Parameters())).IsValid);
        }

        Assert.Equal(3, full.Misses);
        Assert.Equal(4, off.Misses);
    }

    private static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "outlay-identity",
        ValidAudience = "outlay",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
    };

    private static string Issue(DateTime expires, string subject = "user-1") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "outlay-identity",
        Audience = "outlay",
        Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", "user")]),
        IssuedAt = expires.AddMinutes(-15),
        NotBefore = expires.AddMinutes(-15),
        Expires = expires,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
    });
}
