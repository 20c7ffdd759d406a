using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>
/// Tokens shaped like Identity's (RS256, kid, issuer, audience, role claims), signed with a key the gateway under
/// test trusts through the same hook Identity uses for its own keys, plus the usual forgeries.
/// </summary>
internal static class TestTokens
{
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "gateway-test" };

    public static IConfigurationManager<OpenIdConnectConfiguration> Keys { get; } = new StaticKeys();

    public static string For(params string[] roles) => Sign(Key, roles, DateTime.UtcNow, TimeSpan.FromMinutes(10));

    public static string Expired(params string[] roles) => Sign(Key, roles, DateTime.UtcNow.AddHours(-2), TimeSpan.FromMinutes(10));

    public static string SignedByStranger(params string[] roles) =>
        Sign(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "gateway-test" }, roles, DateTime.UtcNow, TimeSpan.FromMinutes(10));

    /// <summary>A user token whose payload claims admin; the signature no longer matches.</summary>
    public static string Tampered()
    {
        var parts = For("user").Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    public static string AlgNone()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{Guid.NewGuid()}}","role":"admin","iss":"outlay-identity","aud":"outlay","exp":{{exp}}}""");
        return $"{header}.{payload}.";
    }

    private static string Sign(SecurityKey key, string[] roles, DateTime issuedAt, TimeSpan lifetime)
    {
        var identity = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString())]);
        identity.AddClaims(roles.Select(r => new Claim("role", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "outlay-identity",
            Audience = "outlay",
            Subject = identity,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private sealed class StaticKeys : IConfigurationManager<OpenIdConnectConfiguration>
    {
        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = "outlay-identity" };
            configuration.SigningKeys.Add(Key);
            return Task.FromResult(configuration);
        }

        public void RequestRefresh()
        {
        }
    }
}
