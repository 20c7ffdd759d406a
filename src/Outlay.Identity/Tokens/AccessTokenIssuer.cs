using System.Security.Claims;

using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Outlay.Identity.Accounts;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Identity.Tokens;

/// <summary>Short-lived RS256 access tokens; the header's <c>kid</c> names the key in the JWKS.</summary>
public sealed class AccessTokenIssuer(SigningKeyStore keys, IOptions<OutlayAuthOptions> auth, IOptions<IdentityOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new();

    public async Task<(string Token, DateTime ExpiresAt)> IssueAsync(Account account, CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.AccessTokenLifetime;
        var claims = new List<Claim>
        {
            new("sub", account.Id.ToString()),
            new("email", account.Email),
            new("given_name", account.FirstName),
            new("family_name", account.LastName),
            new("jti", Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(account.RoleList.Select(role => new Claim("role", role)));
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Value.Issuer,
            Audience = auth.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        return (token, expires);
    }
}
