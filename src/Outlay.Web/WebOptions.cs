namespace Outlay.Web;

/// <summary>The <c>Outlay:Web</c> configuration section.</summary>
public sealed class WebOptions
{
    public const string Section = "Outlay:Web";

    /// <summary>Every API call goes here: the gateway, which routes to the services.</summary>
    public Uri GatewayUrl { get; set; } = new("http://127.0.0.1:8080/");

    /// <summary>How long one API call may take before the page says the backend is not answering.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Where the Data Protection keys that encrypt the session and cart cookies are kept. Replicas of the web app
    /// must share this folder (or the same keys), or a user bounced between them is signed out.
    /// </summary>
    public string? KeysFolder { get; set; }

    /// <summary>
    /// Instead of a folder: derive the one key from this secret (at least 32 characters), the same on every replica.
    /// For replicas without a shared writable folder (read-only containers, Kubernetes); changing it signs everyone out.
    /// </summary>
    public string? KeyRingSecret { get; set; }

    /// <summary>Believe X-Forwarded-Proto/For from any proxy (the gateway in a cluster); by default only from loopback.</summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>Access tokens are refreshed when they have less than this left, so an API call never carries an expired one.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);
}
