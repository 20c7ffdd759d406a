using Outlay.Identity.Accounts;
using Outlay.Identity.Authentication;

namespace Outlay.Identity.Tokens;

/// <summary>What a successful login or refresh returns: an access token and the next refresh token.</summary>
public sealed class TokenPairIssuer(AccessTokenIssuer accessTokens, RefreshTokenService refreshTokens, TimeProvider clock)
{
    public async Task<TokenResponse> IssueAsync(Account account, Guid? familyId, CancellationToken cancellationToken)
    {
        var (access, expiresAt) = await accessTokens.IssueAsync(account, cancellationToken);
        var (refresh, refreshExpiresAt) = await refreshTokens.IssueAsync(account.Id, familyId, cancellationToken);
        var expiresIn = (int)Math.Round((expiresAt - clock.GetUtcNow().UtcDateTime).TotalSeconds);
        return new TokenResponse(access, "Bearer", expiresIn, refresh, refreshExpiresAt);
    }
}
