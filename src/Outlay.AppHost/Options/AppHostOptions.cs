namespace Outlay.AppHost.Options;

internal enum LogVerbosity
{
    /// <summary>Warnings and errors of the services, and what the AppHost itself says.</summary>
    Quiet,

    /// <summary>Every log entry, one compact line each.</summary>
    Normal,

    /// <summary>The services' JSON log lines unmodified, with trace ids and scopes.</summary>
    Verbose,
}

/// <summary>What one AppHost run starts and where; resolved from the command line and configuration.</summary>
internal sealed record AppHostOptions
{
    /// <summary>Absolute path; holds the SQLite files and the admin password file.</summary>
    public required string DataFolder { get; init; }

    /// <summary>PostgreSQL connection string without <c>Database</c>; null means SQLite.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>First of consecutive fixed ports; null picks free ports.</summary>
    public int? PortBase { get; init; }

    /// <summary>Where the gateway listens; 0 picks a free port (tests running side by side).</summary>
    public int GatewayPort { get; init; } = 8080;

    /// <summary>Instances of every service but the gateway.</summary>
    public int Replicas { get; init; } = Catalog.ReplicaCounts.Default;

    /// <summary>Per service, further instances registered as the canary version (v2) beside the stable ones.</summary>
    public IReadOnlyDictionary<string, int> Canaries { get; init; } = new Dictionary<string, int>();

    public string Environment { get; init; } = "Development";

    public LogVerbosity Verbosity { get; init; } = LogVerbosity.Normal;

    /// <summary>Eleven processes starting at once on a small machine take about a minute; leave room.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(180);
}
