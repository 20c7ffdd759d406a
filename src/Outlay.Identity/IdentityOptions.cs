namespace Outlay.Identity;

/// <summary>Bound from <c>Identity</c>.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A new signing key is created when the newest one is older than this; older keys stay published until their tokens expire.</summary>
    public TimeSpan SigningKeyRotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A new key is in the JWKS this long before it signs. Longer than the services' periodic JWKS refresh
    /// (<c>Outlay:Auth:JwksAutomaticRefreshInterval</c>), so no service meets a token with a key it has not fetched.
    /// </summary>
    public TimeSpan SigningKeyActivationDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Consecutive failed logins before the account is locked.</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>First lockout; each further lockout doubles it up to <see cref="LockoutMaximum"/>.</summary>
    public TimeSpan LockoutBase { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan LockoutMaximum { get; set; } = TimeSpan.FromHours(1);

    public FirstAdminOptions Admin { get; set; } = new();
}

/// <summary>The account created at first start when no admin exists.</summary>
public sealed class FirstAdminOptions
{
    public string Email { get; set; } = "admin@outlay.local";

    /// <summary>When empty, a password is generated and printed once to the console.</summary>
    public string? Password { get; set; }
}
