namespace Outlay.Web.Session;

/// <summary>Identity's token response (login and refresh).</summary>
public sealed record TokenPair(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, DateTime RefreshTokenExpiresAt);
