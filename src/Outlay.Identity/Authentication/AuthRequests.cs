namespace Outlay.Identity.Authentication;

public sealed record RegisterRequest(string? Email, string? Password, string? FirstName, string? LastName);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, DateTime RefreshTokenExpiresAt);
