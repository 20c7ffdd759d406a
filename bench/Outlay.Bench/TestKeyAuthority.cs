using System.Security.Claims;
using System.Security.Cryptography;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Outlay.Bench;

/// <summary>
/// Stands in for Identity when a benchmark runs another service alone: serves an OpenID configuration and a JWKS
/// on loopback and signs tokens with the matching key, so the service validates them exactly as in production.
/// </summary>
internal sealed class TestKeyAuthority : IAsyncDisposable
{
    private readonly RSA rsa;
    private readonly RsaSecurityKey key;
    private readonly WebApplication app;

    private TestKeyAuthority(WebApplication app, RSA rsa, RsaSecurityKey key)
    {
        this.app = app;
        this.rsa = rsa;
        this.key = key;
    }

    public string Url => app.Urls.First();

    public static async Task<TestKeyAuthority> StartAsync()
    {
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "bench" };
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{IdentityBenchmarks.FreePort()}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", (HttpContext http) => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = "outlay-identity",
            ["jwks_uri"] = $"http://{http.Request.Host}/.well-known/jwks.json",
        }));
        app.MapGet("/.well-known/jwks.json", () => Results.Json(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        }));
        await app.StartAsync();
        return new TestKeyAuthority(app, rsa, key);
    }

    public string Issue(Guid userId, params string[] extraRoles) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "outlay-identity",
        Audience = "outlay",
        Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("role", "user"), new Claim("email", "bench@example.com"),
            .. extraRoles.Select(role => new Claim("role", role))]),
        Expires = DateTime.UtcNow.AddHours(2),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        rsa.Dispose();
    }
}
