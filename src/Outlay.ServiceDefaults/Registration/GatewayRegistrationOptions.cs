namespace Outlay.ServiceDefaults.Registration;

/// <summary>Bound from <c>Outlay:Gateway</c>. Registration is on when <see cref="RegistrationUrl"/> is set.</summary>
public sealed class GatewayRegistrationOptions
{
    public const string Section = "Outlay:Gateway";

    /// <summary>The gateway's base URL, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string? RegistrationUrl { get; set; }

    public string? RegistrationSecret { get; set; }

    /// <summary>Defaults to the service's own name.</summary>
    public string? ServiceName { get; set; }

    public string Version { get; set; } = "v1";

    public int Weight { get; set; } = 100;

    /// <summary>The URL the gateway should call; defaults to the first address the server listens on.</summary>
    public string? InstanceUrl { get; set; }

    /// <summary>Defaults to service, host name and port, so a restarted instance replaces its old entry.</summary>
    public string? InstanceId { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);
}
