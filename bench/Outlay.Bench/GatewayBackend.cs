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
/// The small backend of <c>bench/gateway.sh</c>: a 13-byte answer on <c>/hello</c>, plus the JWKS endpoints of a
/// throw-away signing key so the gateway can validate the bearer token this process writes to a file.
/// </summary>
internal static class GatewayBackend
{
    public static async Task RunAsync(int port, string tokenFile)
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "bench" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "bench" });
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;
        var authority = $"http://127.0.0.1:{port}";
        await File.WriteAllTextAsync(tokenFile, new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "outlay-identity",
            Audience = "outlay",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", "user")]),
            Expires = DateTime.UtcNow.AddHours(2),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        }));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(authority);
        var app = builder.Build();
        app.MapGet("/hello", () => "Hello, world!");
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = "outlay-identity",
            ["jwks_uri"] = authority + "/.well-known/jwks.json",
        }));
        app.MapGet("/.well-known/jwks.json", () => Results.Json(new { keys = new[] { jwk } }));
        await app.RunAsync();
    }
}
