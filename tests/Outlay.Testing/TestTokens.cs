using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Outlay.Testing;

/// <summary>
/// Stands in for Identity when a test hosts another service: the service validates tokens against this RSA key
/// exactly as it would against Identity's JWKS (issuer, audience, lifetime, RS256), so authorization is real.
/// </summary>
public sealed class TestTokens
{
    public const string Issuer = "outlay-identity";
    public const string Audience = "outlay";

    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly JsonWebTokenHandler handler = new();

    public static TestTokens Shared { get; } = new();

    /// <summary>Makes the service trust this key instead of discovering Identity's JWKS.</summary>
    public void TrustIn(IServiceCollection services)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
        configuration.SigningKeys.Add(key);
        services.RemoveAll<IConfigurationManager<OpenIdConnectConfiguration>>();
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration));
    }

    /// <summary>A valid token for a new user nobody knows yet, with these roles (and <c>user</c>).</summary>
    public string ForSomeone(params string[] roles)
    {
        var id = Guid.NewGuid();
        return Issue(id, $"someone-{id:N}@example.com", roles);
    }

    /// <summary>A token correctly signed by this key that expired an hour ago.</summary>
    public string Expired(params string[] roles)
    {
        var id = Guid.NewGuid();
        return Issue(id, $"someone-{id:N}@example.com", DateTime.UtcNow.AddHours(-1), roles);
    }

    /// <summary>The token with its payload edited from the user role to admin; the signature no longer matches.</summary>
    public static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    /// <summary>An admin token with <c>alg: none</c> and no signature, otherwise well-formed.</summary>
    public static string AlgNone(Guid subject)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{subject}}","role":"admin","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{exp}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>
    /// Serves this key as Identity would (OpenID configuration and JWKS on loopback), for a service run as a real
    /// process, which cannot be handed <see cref="TrustIn"/>: point its <c>Outlay:Auth:Authority</c> at the result.
    /// </summary>
    public Task<TestTokenAuthority> ServeAsync() => TestTokenAuthority.StartAsync(key);

    public string Issue(Guid userId, string email, params string[] roles) =>
        Issue(userId, email, DateTime.UtcNow.AddMinutes(10), roles);

    public string Issue(Guid userId, string email, DateTime expires, params string[] roles)
    {
        var claims = new List<Claim>
        {
            new("sub", userId.ToString()),
            new("email", email),
            new("given_name", "Test"),
            new("family_name", email.Split('@')[0]),
        };
        claims.AddRange(roles.Append("user").Distinct().Select(role => new Claim("role", role)));
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
