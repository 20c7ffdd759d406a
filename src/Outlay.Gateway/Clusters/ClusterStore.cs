using System.Collections.Concurrent;

using Outlay.Gateway.Admin;
using Outlay.Gateway.Configuration;
using Outlay.Gateway.Discovery;

namespace Outlay.Gateway.Clusters;

/// <summary>
/// The live clusters. Rebuilds a cluster's destination list whenever one of its sources changes (configuration,
/// registrations, DNS) and keeps the state of destinations that stay, so a reload forgets no health history.
/// </summary>
internal sealed class ClusterStore
{
    private readonly ConcurrentDictionary<string, ClusterState> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IReadOnlyList<StaticDestination>> _dnsDestinations = new(StringComparer.OrdinalIgnoreCase);
    private readonly GatewayConfigProvider _config;
    private readonly InstanceRegistry _registry;
    private readonly RuntimeOverrides _overrides;
    private readonly Lock _rebuildLock = new();

    public ClusterStore(GatewayConfigProvider config, InstanceRegistry registry, RuntimeOverrides overrides)
    {
        _config = config;
        _registry = registry;
        _overrides = overrides;
        Apply(config.Current);
        config.Changed += Apply;
        registry.Changed += OnRegistryChanged;
        overrides.Changed += RefreshOverrides;
    }

    public ClusterState? Get(string id) => _clusters.GetValueOrDefault(id);

    public IEnumerable<ClusterState> All => _clusters.Values.OrderBy(c => c.Id, StringComparer.Ordinal);

    public void SetDnsDestinations(string clusterId, IReadOnlyList<StaticDestination> destinations)
    {
        _dnsDestinations[clusterId] = destinations;
        if (_clusters.TryGetValue(clusterId, out var cluster))
        {
            Rebuild(cluster);
        }
    }

    /// <summary>Re-reads the admin overrides of one cluster (after the admin API here or on another replica changed them).</summary>
    private void RefreshOverrides(string clusterId)
    {
        if (_clusters.TryGetValue(clusterId, out var cluster))
        {
            Rebuild(cluster);
        }
    }

    private void Apply(GatewaySnapshot snapshot)
    {
        lock (_rebuildLock)
        {
            foreach (var id in _clusters.Keys.Where(id => !snapshot.Clusters.ContainsKey(id)).ToList())
            {
                _clusters.TryRemove(id, out _);
            }

            foreach (var (id, config) in snapshot.Clusters)
            {
                var cluster = _clusters.GetOrAdd(id, _ => new ClusterState(config));
                cluster.Config = config;
                Rebuild(cluster);
            }
        }
    }

    private void OnRegistryChanged(string service)
    {
        foreach (var cluster in _clusters.Values.Where(c => c.Config.ServiceName.Equals(service, StringComparison.OrdinalIgnoreCase)))
        {
            Rebuild(cluster);
        }
    }

    private void Rebuild(ClusterState cluster)
    {
        lock (_rebuildLock)
        {
            var config = cluster.Config;
            var overrides = _overrides.For(config.Id);
            var existing = cluster.Destinations.ToDictionary(d => d.Id, StringComparer.Ordinal);
            var wanted = new List<(StaticDestination Destination, DestinationSource Source)>();
            wanted.AddRange(config.Destinations.Select(d => (d, DestinationSource.Static)));
            wanted.AddRange(_registry.Instances(config.ServiceName)
                .Select(i => (new StaticDestination(i.InstanceId, i.Address, i.Weight, i.Version), DestinationSource.Registration)));
            if (config.Dns is not null && _dnsDestinations.TryGetValue(config.Id, out var dns))
            {
                wanted.AddRange(dns.Select(d => (d, DestinationSource.Dns)));
            }

            var rebuilt = new List<DestinationState>(wanted.Count);
            foreach (var (destination, source) in wanted.DistinctBy(w => w.Destination.Id, StringComparer.Ordinal))
            {
                if (!existing.TryGetValue(destination.Id, out var state) || state.Source != source)
                {
                    state = new DestinationState(destination.Id, destination.Address, destination.Version, destination.Weight, source);
                }

                state.Address = destination.Address;
                state.Version = destination.Version;
                state.ConfiguredWeight = destination.Weight;
                state.WeightOverride = overrides?.DestinationWeights.TryGetValue(destination.Id, out var weight) == true ? weight : null;
                state.Drained = overrides?.Drained.Contains(destination.Id) ?? false;
                rebuilt.Add(state);
            }

            cluster.VersionWeightOverride = overrides?.VersionWeights;
            cluster.Destinations = [.. rebuilt.OrderBy(d => d.Id, StringComparer.Ordinal)];
        }
    }
}
