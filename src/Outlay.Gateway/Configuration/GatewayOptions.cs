namespace Outlay.Gateway.Configuration;

/// <summary>
/// The <c>Gateway</c> configuration section as written by operators (appsettings, environment, command line).
/// Bound fresh on every reload and validated into a <see cref="GatewaySnapshot"/> before anything uses it.
/// </summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public Dictionary<string, RouteOptions> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, ClusterOptions> Clusters { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public AccessOptions Access { get; set; } = new();
    public ClientRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Addresses or CIDR ranges of proxies in front of the gateway whose X-Forwarded-* headers are believed.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Requests in flight above which new ones are shed with 503; 0 means no limit.</summary>
    public int MaxConcurrentRequests { get; set; }
}

internal sealed class RouteOptions
{
    /// <summary>Matched on whole segments, case-insensitively; the longest matching prefix wins.</summary>
    public string? PathPrefix { get; set; }

    /// <summary>Empty means every method.</summary>
    public List<string> Methods { get; set; } = [];

    public string? Cluster { get; set; }

    /// <summary>Remove <see cref="PathPrefix"/> before forwarding.</summary>
    public bool StripPrefix { get; set; }

    /// <summary>Null streams any size; the services still enforce their own limits.</summary>
    public long? MaxRequestBodyBytes { get; set; }

    /// <summary>Shared by all clients of this route.</summary>
    public RateOptions? RateLimit { get; set; }
}

internal sealed class RateOptions
{
    public double PermitsPerSecond { get; set; }
    public int Burst { get; set; }
}

internal sealed class ClientRateLimitOptions
{
    /// <summary>Per client (the token's subject, else the address), over all routes; null means unlimited.</summary>
    public RateOptions? PerClient { get; set; }
}

internal sealed class ClusterOptions
{
    /// <summary>RoundRobin (smooth weighted, default), LeastRequests or PowerOfTwoChoices.</summary>
    public string LoadBalancing { get; set; } = "RoundRobin";

    /// <summary>Self-registered instances of this service join the cluster; defaults to the cluster id.</summary>
    public string? ServiceName { get; set; }

    public Dictionary<string, DestinationOptions> Destinations { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public DnsOptions? Dns { get; set; }

    /// <summary>Traffic split between version labels (e.g. v1: 90, v2: 10); the admin API overrides it at runtime.</summary>
    public Dictionary<string, int>? VersionWeights { get; set; }

    public HealthCheckOptions HealthCheck { get; set; } = new();
    public TimeoutOptions Timeouts { get; set; } = new();
    public RetryOptions Retry { get; set; } = new();
}

internal sealed class DestinationOptions
{
    public string? Address { get; set; }
    public int Weight { get; set; } = 100;
    public string Version { get; set; } = "v1";
}

internal sealed class DnsOptions
{
    /// <summary>Every address of this name becomes a destination (Kubernetes headless services).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 80;
    public string Scheme { get; set; } = "http";

    /// <summary>The version label of <see cref="Host"/>'s destinations.</summary>
    public string Version { get; set; } = "v1";

    /// <summary>
    /// Further names by version label (e.g. <c>v2: catalog-v2-headless</c>), same port and scheme: a canary
    /// Deployment beside the stable one, split by <see cref="ClusterOptions.VersionWeights"/>.
    /// </summary>
    public Dictionary<string, string> Versions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Every name to resolve, with the version its destinations carry.</summary>
    public IEnumerable<(string Host, string Version)> Names() =>
        Versions.Select(v => (v.Value, v.Key)).Prepend((Host!, Version));
}

internal sealed class HealthCheckOptions
{
    public ActiveHealthOptions Active { get; set; } = new();
    public PassiveHealthOptions Passive { get; set; } = new();
}

internal sealed class ActiveHealthOptions
{
    public bool Enabled { get; set; }
    public string Path { get; set; } = "/health/ready";
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    public int HealthyThreshold { get; set; } = 2;
    public int UnhealthyThreshold { get; set; } = 2;
}

internal sealed class PassiveHealthOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Transport failures or 5xx in a row that eject a destination.</summary>
    public int ConsecutiveFailures { get; set; } = 5;
    public TimeSpan BaseEjectionTime { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxEjectionTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound on the share of a cluster ejected at once; at least one destination always stays.</summary>
    public int MaxEjectionPercent { get; set; } = 50;
}

internal sealed class TimeoutOptions
{
    public TimeSpan Connect { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Until the response head of one attempt.</summary>
    public TimeSpan PerTry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Until the response head, all attempts together.</summary>
    public TimeSpan Overall { get; set; } = TimeSpan.FromSeconds(60);
}

internal sealed class RetryOptions
{
    /// <summary>Attempts in total, each on a different destination.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Idempotent requests with a declared body up to this size are buffered so they can be resent.</summary>
    public int MaxBufferedBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Retries in flight may not exceed this share of requests in flight ...</summary>
    public int BudgetPercent { get; set; } = 20;

    /// <summary>... except that this many concurrent retries are always allowed.</summary>
    public int MinConcurrentRetries { get; set; } = 3;
}

internal sealed class AccessOptions
{
    /// <summary>What happens when no rule matches: Deny (default) or Allow.</summary>
    public string Default { get; set; } = "Deny";

    /// <summary>Checked in order; the first rule whose path and method match decides.</summary>
    public List<AccessRuleOptions> Rules { get; set; } = [];
}

internal sealed class AccessRuleOptions
{
    /// <summary>A path with <c>*</c> for one segment and <c>**</c> for any number of them.</summary>
    public string? Path { get; set; }

    public List<string> Methods { get; set; } = [];

    /// <summary>Roles allowed (visitor, user, approver, admin; a higher role includes the lower ones). Empty denies everyone.</summary>
    public List<string> Roles { get; set; } = [];
}
