using System.Security.Claims;
using System.Security.Cryptography;

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
