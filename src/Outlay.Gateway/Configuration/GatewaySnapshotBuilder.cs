using System.Net;

using Outlay.Gateway.Access;
using Outlay.Gateway.Routing;

namespace Outlay.Gateway.Configuration;

/// <summary>Validates a bound <see cref="GatewayOptions"/> and compiles it, or lists everything wrong with it.</summary>
internal static class GatewaySnapshotBuilder
{
    private static readonly HashSet<string> KnownMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
    };

    public static (GatewaySnapshot? Snapshot, IReadOnlyList<string> Errors) Build(GatewayOptions options, int generation)
    {
        var errors = new List<string>();
        var clusters = new Dictionary<string, ClusterConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, cluster) in options.Clusters)
        {
            if (BuildCluster(id, cluster, errors) is { } built)
            {
                clusters[id] = built;
            }
        }

        var routes = new List<GatewayRoute>();
        foreach (var (id, route) in options.Routes)
        {
            var where = $"Gateway:Routes:{id}";
            if (string.IsNullOrWhiteSpace(route.PathPrefix) || !route.PathPrefix.StartsWith('/') || route.PathPrefix.Contains('?', StringComparison.Ordinal))
            {
                errors.Add($"{where}:PathPrefix must be a path starting with '/'.");
                continue;
            }

            if (route.Cluster is null || !options.Clusters.ContainsKey(route.Cluster))
            {
                errors.Add($"{where}:Cluster '{route.Cluster}' is not a configured cluster.");
            }

            var methods = Methods(route.Methods, $"{where}:Methods", errors);
            if (route.MaxRequestBodyBytes is < 0)
            {
                errors.Add($"{where}:MaxRequestBodyBytes must not be negative.");
            }

            CheckRate(route.RateLimit, $"{where}:RateLimit", errors);
            var prefix = route.PathPrefix.Length > 1 ? route.PathPrefix.TrimEnd('/') : route.PathPrefix;
            routes.Add(new GatewayRoute(id, new PathString(prefix), methods, route.Cluster ?? "", route.StripPrefix, route.MaxRequestBodyBytes, route.RateLimit));
        }

        var access = BuildAccess(options.Access, errors);
        CheckRate(options.RateLimits.PerClient, "Gateway:RateLimits:PerClient", errors);
        var proxies = new List<IPNetwork>();
        foreach (var proxy in options.TrustedProxies)
        {
            if (IPNetwork.TryParse(proxy, out var network))
            {
                proxies.Add(network);
            }
            else if (IPAddress.TryParse(proxy, out var address))
            {
                proxies.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                errors.Add($"Gateway:TrustedProxies: '{proxy}' is neither an address nor a CIDR range.");
            }
        }

        if (options.MaxConcurrentRequests < 0)
        {
            errors.Add("Gateway:MaxConcurrentRequests must not be negative.");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new GatewaySnapshot(generation, new RouteTable(routes), access!, clusters, options.RateLimits.PerClient, proxies, options.MaxConcurrentRequests), errors);
    }

    private static ClusterConfig? BuildCluster(string id, ClusterOptions cluster, List<string> errors)
    {
        var where = $"Gateway:Clusters:{id}";
        var count = errors.Count;
        if (!Enum.TryParse<LoadBalancingPolicy>(cluster.LoadBalancing, ignoreCase: true, out var policy))
        {
            errors.Add($"{where}:LoadBalancing must be RoundRobin, LeastRequests or PowerOfTwoChoices.");
        }

        var destinations = new List<StaticDestination>();
        foreach (var (name, destination) in cluster.Destinations)
        {
            if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                errors.Add($"{where}:Destinations:{name}:Address must be an absolute http(s) URL.");
                continue;
            }

            if (destination.Weight is < 0 or > 10_000)
            {
                errors.Add($"{where}:Destinations:{name}:Weight must be between 0 and 10000.");
            }

            destinations.Add(new StaticDestination(name, address, destination.Weight, destination.Version));
        }

        if (cluster.Dns is { } dns && (string.IsNullOrWhiteSpace(dns.Host) || dns.Port is < 1 or > 65535 || dns.Scheme is not ("http" or "https") || dns.Refresh <= TimeSpan.Zero))
        {
            errors.Add($"{where}:Dns needs a Host, a Port, an http(s) Scheme and a positive Refresh.");
        }

        if (cluster.Dns is { } named && named.Versions.Any(v => string.IsNullOrWhiteSpace(v.Value) || v.Key.Equals(named.Version, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{where}:Dns:Versions maps other version labels than Dns:Version to host names.");
        }

        if (cluster.VersionWeights is { } versions && (versions.Values.Any(w => w is < 0 or > 10_000) || versions.Values.Sum() == 0))
        {
            errors.Add($"{where}:VersionWeights must be between 0 and 10000 and not all 0.");
        }

        var active = cluster.HealthCheck.Active;
        if (active.Enabled && (active.Interval <= TimeSpan.Zero || active.Timeout <= TimeSpan.Zero || active.HealthyThreshold < 1
            || active.UnhealthyThreshold < 1 || !active.Path.StartsWith('/')))
        {
            errors.Add($"{where}:HealthCheck:Active needs a positive Interval and Timeout, thresholds of at least 1 and a Path starting with '/'.");
        }

        var passive = cluster.HealthCheck.Passive;
        if (passive.Enabled && (passive.ConsecutiveFailures < 1 || passive.BaseEjectionTime <= TimeSpan.Zero
            || passive.MaxEjectionTime < passive.BaseEjectionTime || passive.MaxEjectionPercent is < 0 or > 100))
        {
            errors.Add($"{where}:HealthCheck:Passive needs ConsecutiveFailures ≥ 1, BaseEjectionTime > 0, MaxEjectionTime ≥ BaseEjectionTime and MaxEjectionPercent 0-100.");
        }

        var timeouts = cluster.Timeouts;
        if (timeouts.Connect <= TimeSpan.Zero || timeouts.PerTry <= TimeSpan.Zero || timeouts.Overall <= TimeSpan.Zero)
        {
            errors.Add($"{where}:Timeouts must all be positive.");
        }

        var retry = cluster.Retry;
        if (retry.MaxAttempts is < 1 or > 10 || retry.MaxBufferedBodyBytes is < 0 or > 16 * 1024 * 1024 || retry.BudgetPercent is < 0 or > 100 || retry.MinConcurrentRetries < 0)
        {
            errors.Add($"{where}:Retry needs MaxAttempts 1-10, MaxBufferedBodyBytes 0-16 MiB, BudgetPercent 0-100, MinConcurrentRetries ≥ 0.");
        }

        return errors.Count > count
            ? null
            : new ClusterConfig(id, string.IsNullOrWhiteSpace(cluster.ServiceName) ? id : cluster.ServiceName, policy, destinations, cluster.Dns,
                cluster.VersionWeights is { } w ? new Dictionary<string, int>(w, StringComparer.OrdinalIgnoreCase) : null,
                cluster.HealthCheck, cluster.Timeouts, cluster.Retry);
    }

    private static AccessMap? BuildAccess(AccessOptions access, List<string> errors)
    {
        if (!Enum.TryParse<AccessDecision>(access.Default, ignoreCase: true, out var fallback))
        {
            errors.Add("Gateway:Access:Default must be Allow or Deny.");
        }

        var rules = new List<AccessRule>();
        for (var i = 0; i < access.Rules.Count; i++)
        {
            var rule = access.Rules[i];
            var where = $"Gateway:Access:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Path) || !rule.Path.StartsWith('/'))
            {
                errors.Add($"{where}:Path must start with '/'.");
                continue;
            }

            foreach (var role in rule.Roles.Where(r => !AccessMap.IsKnownRole(r)))
            {
                errors.Add($"{where}:Roles: '{role}' is not one of visitor, user, approver, admin.");
            }

            var methods = Methods(rule.Methods, $"{where}:Methods", errors);
            rules.Add(new AccessRule(rule.Path, AccessMap.Compile(rule.Path), methods, new HashSet<string>(rule.Roles, StringComparer.OrdinalIgnoreCase)));
        }

        return new AccessMap(rules, fallback);
    }

    private static HashSet<string>? Methods(List<string> methods, string where, List<string> errors)
    {
        if (methods.Count == 0 || methods.Contains("*"))
        {
            return null;
        }

        foreach (var method in methods.Where(m => !KnownMethods.Contains(m)))
        {
            errors.Add($"{where}: '{method}' is not an HTTP method.");
        }

        return new HashSet<string>(methods.Select(m => m.ToUpperInvariant()), StringComparer.OrdinalIgnoreCase);
    }

    private static void CheckRate(RateOptions? rate, string where, List<string> errors)
    {
        if (rate is not null && (rate.PermitsPerSecond <= 0 || rate.Burst < 1))
        {
            errors.Add($"{where} needs PermitsPerSecond > 0 and Burst ≥ 1.");
        }
    }
}
