namespace Outlay.ServiceDefaults.Auth;

/// <summary>Bound from <c>Outlay:Auth</c>; the same values must be configured on Identity and on every service.</summary>
public sealed class OutlayAuthOptions
{
    public const string Section = "Outlay:Auth";

    public string Issuer { get; set; } = "outlay-identity";
    public string Audience { get; set; } = "outlay";

    /// <summary>Base URL of Identity, where <c>/.well-known/openid-configuration</c> and the JWKS are served.</summary>
    public string? Authority { get; set; }

    /// <summary>How soon a token with an unknown <c>kid</c> may trigger another JWKS fetch.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the JWKS is refetched anyway, to pick up keys Identity publishes ahead of using them.</summary>
    public TimeSpan JwksAutomaticRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerated clock difference between Identity and the validating service.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many tokens that passed validation are remembered, so a client's next request skips the signature check; 0 turns it off.</summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    /// <summary>
    /// How long a remembered token is served without a new check (never past its expiry). Also how long a key withdrawn
    /// from the JWKS may still be honoured for tokens already seen.
    /// </summary>
    public TimeSpan ValidatedTokenCacheTtl { get; set; } = TimeSpan.FromSeconds(60);
}
