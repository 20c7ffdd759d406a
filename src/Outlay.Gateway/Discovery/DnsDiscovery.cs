using Outlay.Gateway.Clusters;
using Outlay.Gateway.Configuration;

namespace Outlay.Gateway.Discovery;

/// <summary>
/// Resolves the DNS names of every cluster that has them and makes each address a destination: a Kubernetes
/// headless service answers with one address per ready pod, and a canary Deployment's headless service gives the
/// destinations of another version. A failed lookup keeps that name's last known addresses.
/// </summary>
internal sealed partial class DnsDiscovery(ClusterStore clusters, HostResolver resolver, ILogger<DnsDiscovery> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Cluster, string Host, string Version), IReadOnlyList<StaticDestination>> _lastKnown = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            foreach (var cluster in clusters.All.Where(c => c.Config.Dns is not null).ToList())
            {
                var dns = cluster.Config.Dns!;
                if (_due.TryGetValue(cluster.Id, out var due) && due > DateTimeOffset.UtcNow)
                {
                    continue;
                }

                _due[cluster.Id] = DateTimeOffset.UtcNow + dns.Refresh;
                await ResolveAsync(cluster.Id, dns, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ResolveAsync(string clusterId, DnsOptions dns, CancellationToken cancellation)
    {
        var destinations = new List<StaticDestination>();
        foreach (var (host, version) in dns.Names())
        {
            destinations.AddRange(await ResolveNameAsync(clusterId, host, version, dns, cancellation));
        }

        clusters.SetDnsDestinations(clusterId, destinations);
    }

    /// <summary>The destinations behind one name, or the last known ones when the lookup fails or finds nothing.</summary>
    private async Task<IReadOnlyList<StaticDestination>> ResolveNameAsync(string clusterId, string host, string version, DnsOptions dns, CancellationToken cancellation)
    {
        var key = (clusterId, host, version);
        try
        {
            var addresses = await resolver.ResolveAsync(host, cancellation);
            if (addresses.Length == 0)
            {
                // What a resolver glitch looks like too: emptying the cluster would turn it into an outage.
                LogNoAddresses(host, clusterId);
                return _lastKnown.GetValueOrDefault(key, []);
            }

            return _lastKnown[key] = addresses
                .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
                .Distinct()
                .Select(a => new UriBuilder(dns.Scheme, a.ToString(), dns.Port).Uri)
                .Select(uri => new StaticDestination($"dns:{uri.Authority}", uri, 100, version))
                .ToList();
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested)
        {
            // Any failure, not only the resolver's own: an escaping exception would stop this service, and with it the host.
            LogLookupFailed(ex, host, clusterId);
            return _lastKnown.GetValueOrDefault(key, []);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS lookup of {Host} for cluster {Cluster} failed; keeping the last known addresses")]
    private partial void LogLookupFailed(Exception exception, string host, string cluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS lookup of {Host} for cluster {Cluster} found no address; keeping the last known addresses")]
    private partial void LogNoAddresses(string host, string cluster);
}
