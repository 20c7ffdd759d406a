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
/// Signs access tokens shaped like Identity's (RS256, <c>kid</c>, sub/email/names/role claims) with a key the
/// service under test trusts, so a service's tests need no running Identity. The service still validates every
/// token with its real JwtBearer setup; only the key source is replaced.
/// </summary>
public sealed class TestTokenIssuer : IDisposable
{
    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey key;
    private readonly JsonWebTokenHandler handler = new();

    public TestTokenIssuer()
    {
        key = new RsaSecurityKey(rsa) { KeyId = "test-" + Guid.NewGuid().ToString("N")[..8] };
    }

    /// <summary>Makes the service trust this issuer's key instead of fetching Identity's JWKS.</summary>
    public void Register(IServiceCollection services)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = "outlay-identity" };
        configuration.SigningKeys.Add(key);
        services.RemoveAll<IConfigurationManager<OpenIdConnectConfiguration>>();
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration));
    }

    public string Issue(Guid userId, IEnumerable<string> roles, string? email = null, string givenName = "Test", string familyName = "Person", TimeSpan? lifetime = null)
    {
        var claims = new List<Claim>
        {
            new("sub", userId.ToString()),
            new("email", email ?? $"user-{userId:N}@example.com"),
            new("given_name", givenName),
            new("family_name", familyName),
            new("jti", Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(role => new Claim("role", role)));
        var now = DateTime.UtcNow;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "outlay-identity",
            Audience = "outlay",
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(30)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => rsa.Dispose();
}
