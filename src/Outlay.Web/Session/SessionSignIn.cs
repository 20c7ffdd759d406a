using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Outlay.Web.Session;

/// <summary>Starts and ends the cookie session that holds a user's tokens.</summary>
public sealed class SessionSignIn(TimeProvider clock)
{
    public Task SignInAsync(HttpContext http, TokenPair tokens, bool remember)
    {
        var properties = new AuthenticationProperties { IsPersistent = remember, IssuedUtc = clock.GetUtcNow() };
        SessionTokens.Store(properties, tokens, clock.GetUtcNow());
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccessTokenClaims.ToPrincipal(tokens.AccessToken), properties);
    }

    public static async Task<string?> RefreshTokenAsync(HttpContext http) =>
        (await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Properties?.GetTokenValue(SessionTokens.RefreshTokenName);

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
