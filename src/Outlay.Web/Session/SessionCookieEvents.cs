using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

using Outlay.Web.Features.Account;

namespace Outlay.Web.Session;

/// <summary>
/// On every request with a session: renews the access token shortly before it expires (rotating the refresh
/// token, writing the new pair into the cookie) and ends the session when Identity refuses the refresh.
/// </summary>
public sealed class SessionCookieEvents(IdentityApi identity, RefreshCoordinator coordinator, TimeProvider clock, IOptions<WebOptions> options, ILogger<SessionCookieEvents> logger)
    : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var refreshToken = context.Properties.GetTokenValue(SessionTokens.RefreshTokenName);
        var expiresAt = SessionTokens.AccessTokenExpiresAt(context.Properties);
        if (refreshToken is null || expiresAt is null)
        {
            await EndAsync(context);
            return;
        }

        var now = clock.GetUtcNow();
        if (expiresAt.Value - now > options.Value.RefreshBeforeExpiry)
        {
            return;
        }

        var result = await coordinator.RefreshAsync(refreshToken, () => identity.RefreshAsync(refreshToken, CancellationToken.None));
        if (result.Succeeded)
        {
            context.ReplacePrincipal(AccessTokenClaims.ToPrincipal(result.Value.AccessToken));
            SessionTokens.Store(context.Properties, result.Value, now);
            context.ShouldRenew = true;
        }
        else if (result.Problem!.IsUnavailable)
        {
            // Identity is down: keep the session; pages say the backend is unavailable and the next request tries again.
            logger.LogWarning("Could not refresh a session's access token: Identity is unavailable");
        }
        else
        {
            await EndAsync(context);
        }
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
