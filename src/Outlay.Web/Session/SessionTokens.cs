using System.Globalization;

using Microsoft.AspNetCore.Authentication;

namespace Outlay.Web.Session;

/// <summary>
/// The tokens of a session, kept inside the session cookie's authentication ticket. The ticket is encrypted and
/// signed with Data Protection and the cookie is HttpOnly, so the browser holds only an opaque blob: no script can
/// read a token, and the APIs only ever see them from this server.
/// </summary>
public static class SessionTokens
{
    public const string AccessTokenName = "access_token";
    public const string RefreshTokenName = "refresh_token";
    public const string ExpiresAtName = "expires_at";

    public static void Store(AuthenticationProperties properties, TokenPair tokens, DateTimeOffset now)
    {
        properties.StoreTokens(
        [
            new AuthenticationToken { Name = AccessTokenName, Value = tokens.AccessToken },
            new AuthenticationToken { Name = RefreshTokenName, Value = tokens.RefreshToken },
            new AuthenticationToken { Name = ExpiresAtName, Value = now.AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture) },
        ]);
        // The session ends when the refresh token does: after that nothing could renew the access token.
        properties.ExpiresUtc = new DateTimeOffset(DateTime.SpecifyKind(tokens.RefreshTokenExpiresAt, DateTimeKind.Utc));
        properties.AllowRefresh = false;
    }

    public static DateTimeOffset? AccessTokenExpiresAt(AuthenticationProperties properties) =>
        DateTimeOffset.TryParse(properties.GetTokenValue(ExpiresAtName), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
}
