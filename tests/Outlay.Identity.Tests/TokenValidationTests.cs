using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Outlay.Identity.Tokens;
using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>Every way a bearer token can be wrong ends in 401 with <c>WWW-Authenticate: Bearer</c>.</summary>
public abstract class TokenValidationTests<THost>(THost host) : IClassFixture<THost> where THost : IdentityHost
{
    public static TheoryData<string> Forgeries => ["tampered", "expired", "wrong-issuer", "wrong-audience", "alg-none", "unknown-key", "hs256-with-public-key", "garbage"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_stale_token_is_refused(string forgery)
    {
        var email = IdentityHost.NewEmail();
        var id = await host.RegisterAsync(email);
        var valid = (await host.LoginAsync(email)).GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.WithToken(valid).GetAsync("/api/users/me")).StatusCode);

        var token = forgery switch
        {
            "tampered" => TestTokens.Tamper(valid),
            "expired" => await SignAsync(id, issuedAt: DateTime.UtcNow.AddHours(-2), lifetime: TimeSpan.FromMinutes(15)),
            "wrong-issuer" => await SignAsync(id, issuer: "someone-else"),
            "wrong-audience" => await SignAsync(id, audience: "another-api"),
            "alg-none" => TestTokens.AlgNone(id),
            "unknown-key" => SignWith(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "stranger" }, id, SecurityAlgorithms.RsaSha256),
            "hs256-with-public-key" => await SignWithPublicKeyAsHmacAsync(id),
            _ => "not.a.jwt",
        };

        var response = await host.WithToken(token).GetAsync("/api/users/me");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_missing_token_is_401_with_a_bearer_challenge()
    {
        var response = await host.Client().GetAsync("/api/users/me");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Tokens_signed_before_a_key_rotation_stay_valid_and_new_ones_use_the_new_key()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var before = (await host.LoginAsync(email)).GetProperty("accessToken").GetString()!;
        var keys = host.Factory.Services.GetRequiredService<SigningKeyStore>();
        await host.WithDbAsync(async db =>
        {
            await keys.RotateAsync(db, DateTime.UtcNow - TimeSpan.FromMinutes(10), CancellationToken.None);
            return 0;
        });

        var after = (await host.LoginAsync(email)).GetProperty("accessToken").GetString()!;
        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);
        Assert.Equal(HttpStatusCode.OK, (await host.WithToken(before).GetAsync("/api/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.WithToken(after).GetAsync("/api/users/me")).StatusCode);
        var jwks = await host.Client().GetStringAsync("/.well-known/jwks.json");
        Assert.Contains(new JsonWebToken(before).Kid, jwks, StringComparison.Ordinal);
        Assert.Contains(new JsonWebToken(after).Kid, jwks, StringComparison.Ordinal);
        Assert.DoesNotContain("\"d\"", jwks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_rotated_in_now_is_published_before_it_signs()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var before = new JsonWebToken((await host.LoginAsync(email)).GetProperty("accessToken").GetString()!).Kid;
        var keys = host.Factory.Services.GetRequiredService<SigningKeyStore>();
        await host.WithDbAsync(async db =>
        {
            await keys.RotateAsync(db, DateTime.UtcNow, CancellationToken.None);
            return 0;
        });

        var jwks = System.Text.Json.JsonDocument.Parse(await host.Client().GetStringAsync("/.well-known/jwks.json"));
        var published = jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        var after = new JsonWebToken((await host.LoginAsync(email)).GetProperty("accessToken").GetString()!).Kid;
        Assert.Equal(before, after);
        Assert.Contains(published, kid => kid != before);
    }

    private async Task<string> SignAsync(Guid id, DateTime? issuedAt = null, TimeSpan? lifetime = null, string issuer = "outlay-identity", string audience = "outlay")
    {
        var key = await host.Factory.Services.GetRequiredService<SigningKeyStore>().GetSigningKeyAsync(CancellationToken.None);
        return SignWith(key, id, SecurityAlgorithms.RsaSha256, issuedAt, lifetime, issuer, audience);
    }

    private async Task<string> SignWithPublicKeyAsHmacAsync(Guid id)
    {
        // The classic confusion attack: the public key's bytes used as an HMAC secret.
        var key = await host.Factory.Services.GetRequiredService<SigningKeyStore>().GetSigningKeyAsync(CancellationToken.None);
        var publicBytes = key.Rsa.ExportSubjectPublicKeyInfo();
        return SignWith(new SymmetricSecurityKey(publicBytes) { KeyId = key.KeyId }, id, SecurityAlgorithms.HmacSha256);
    }

    private static string SignWith(SecurityKey key, Guid id, string algorithm, DateTime? issuedAt = null, TimeSpan? lifetime = null,
        string issuer = "outlay-identity", string audience = "outlay")
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", id.ToString()), new Claim("role", "user")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }
}

public sealed class TokenValidationOnSqlite(SqliteIdentity host) : TokenValidationTests<SqliteIdentity>(host);

public sealed class TokenValidationOnPostgres(PostgresIdentity host) : TokenValidationTests<PostgresIdentity>(host);
