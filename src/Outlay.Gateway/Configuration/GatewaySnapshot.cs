using System.Net;

using Outlay.Gateway.Access;
using Outlay.Gateway.Forwarding;
using Outlay.Gateway.Routing;

namespace Outlay.Gateway.Configuration;

internal enum LoadBalancingPolicy
{
    RoundRobin,
    LeastRequests,
    PowerOfTwoChoices,
}

/// <summary>A destination listed in configuration.</summary>
internal sealed record StaticDestination(string Id, Uri Address, int Weight, string Version);

/// <summary>A cluster's validated configuration; its live destinations are kept in <c>Clusters.ClusterState</c>.</summary>
internal sealed record ClusterConfig(
    string Id,
    string ServiceName,
    LoadBalancingPolicy Policy,
    IReadOnlyList<StaticDestination> Destinations,
    DnsOptions? Dns,
    IReadOnlyDictionary<string, int>? VersionWeights,
    HealthCheckOptions Health,
    TimeoutOptions Timeouts,
    RetryOptions Retry);

/// <summary>One valid, complete configuration; replaced as a whole on reload so a request always sees one version.</summary>
internal sealed record GatewaySnapshot(
    int Generation,
    RouteTable Routes,
    AccessMap Access,
    IReadOnlyDictionary<string, ClusterConfig> Clusters,
    RateOptions? PerClientRateLimit,
    IReadOnlyList<IPNetwork> TrustedProxies,
    int MaxConcurrentRequests)
{
    public bool IsTrustedProxy(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var candidate = address.Unmapped();
        return TrustedProxies.Any(network => network.Contains(candidate));
    }
}
