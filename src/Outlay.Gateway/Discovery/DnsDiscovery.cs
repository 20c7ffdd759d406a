using System.Net;

using Outlay.Gateway.Clusters;
using Outlay.Gateway.Configuration;

namespace Outlay.Gateway.Discovery;

/// <summary>
/// Resolves the DNS name of every cluster that has one and makes each address a destination: a Kubernetes
/// headless service answers with one address per ready pod. A failed lookup keeps the last known addresses.
/// </summary>
internal sealed partial class DnsDiscovery(ClusterStore clusters, HostResolver resolver, ILogger<DnsDiscovery> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.OrdinalIgnoreCase);

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
        try
        {
            var addresses = await resolver.ResolveAsync(dns.Host!, cancellation);
            if (addresses.Length == 0)
            {
                // What a resolver glitch looks like too: emptying the cluster would turn it into an outage.
                LogNoAddresses(dns.Host!, clusterId);
                return;
            }

            var destinations = addresses
                .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
                .Distinct()
                .Select(a => new UriBuilder(dns.Scheme, a.ToString(), dns.Port).Uri)
                .Select(uri => new StaticDestination($"dns:{uri.Authority}", uri, 100, dns.Version))
                .ToList();
            clusters.SetDnsDestinations(clusterId, destinations);
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested)
        {
            // Any failure, not only the resolver's own: an escaping exception would stop this service, and with it the host.
            LogLookupFailed(ex, dns.Host!, clusterId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS lookup of {Host} for cluster {Cluster} failed; keeping the last known addresses")]
    private partial void LogLookupFailed(Exception exception, string host, string cluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS lookup of {Host} for cluster {Cluster} found no address; keeping the last known addresses")]
    private partial void LogNoAddresses(string host, string cluster);
}
