using Outlay.Gateway.Clusters;
using Outlay.Gateway.Configuration;

namespace Outlay.Gateway.LoadBalancing;

/// <summary>
/// Chooses the destination for one attempt: first the version (the canary split), then a destination of that
/// version by the cluster's policy. Skips destinations already tried for this request; when no destination
/// of the cluster is available at all it panics and tries the unhealthy ones rather than fail outright.
/// </summary>
internal static class DestinationPicker
{
    public static DestinationState? Pick(ClusterState cluster, IReadOnlyCollection<DestinationState> tried, DateTimeOffset now)
    {
        var all = cluster.Destinations;
        var candidates = new List<DestinationState>(all.Length);
        var anyAvailable = false;
        foreach (var destination in all)
        {
            var available = destination.IsAvailable(now);
            anyAvailable |= available;
            if (available && !tried.Contains(destination))
            {
                candidates.Add(destination);
            }
        }

        if (!anyAvailable)
        {
            // Panic mode: every destination looks down, so health information is probably what is wrong.
            candidates.AddRange(all.Where(d => d.EffectiveWeight > 0 && !tried.Contains(d)));
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        if (cluster.VersionWeights is { } split)
        {
            candidates = ChooseVersion(cluster, split, candidates);
        }

        return candidates.Count == 1 ? candidates[0] : cluster.Config.Policy switch
        {
            LoadBalancingPolicy.LeastRequests => LeastRequests(candidates),
            LoadBalancingPolicy.PowerOfTwoChoices => PowerOfTwoChoices(candidates),
            _ => SmoothWeightedRoundRobin(cluster, candidates),
        };
    }

    /// <summary>Smooth weighted round-robin over the versions that still have a candidate; exact shares, no bursts.</summary>
    private static List<DestinationState> ChooseVersion(ClusterState cluster, IReadOnlyDictionary<string, int> split, List<DestinationState> candidates)
    {
        var versions = candidates.Select(d => d.Version).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(v => split.TryGetValue(v, out var w) && w > 0)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (versions.Count == 0)
        {
            // No weighted version is reachable: serve from whatever is, rather than fail.
            return candidates;
        }

        string chosen;
        lock (cluster.BalancerLock)
        {
            long total = 0;
            string? best = null;
            long bestWeight = long.MinValue;
            foreach (var version in versions)
            {
                var weight = split[version];
                var current = cluster.VersionCurrentWeights.GetValueOrDefault(version) + weight;
                cluster.VersionCurrentWeights[version] = current;
                total += weight;
                if (current > bestWeight)
                {
                    best = version;
                    bestWeight = current;
                }
            }

            chosen = best!;
            cluster.VersionCurrentWeights[chosen] -= total;
        }

        return candidates.Where(d => d.Version.Equals(chosen, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static DestinationState SmoothWeightedRoundRobin(ClusterState cluster, List<DestinationState> candidates)
    {
        lock (cluster.BalancerLock)
        {
            long total = 0;
            DestinationState? best = null;
            foreach (var destination in candidates)
            {
                var weight = Math.Max(1, destination.EffectiveWeight);
                destination.CurrentWeight += weight;
                total += weight;
                if (best is null || destination.CurrentWeight > best.CurrentWeight)
                {
                    best = destination;
                }
            }

            best!.CurrentWeight -= total;
            return best;
        }
    }

    private static DestinationState LeastRequests(List<DestinationState> candidates) =>
        candidates.MinBy(d => (d.Outstanding + 1.0) / Math.Max(1, d.EffectiveWeight))!;

    private static DestinationState PowerOfTwoChoices(List<DestinationState> candidates)
    {
        var first = candidates[Random.Shared.Next(candidates.Count)];
        var second = candidates[Random.Shared.Next(candidates.Count - 1)];
        if (ReferenceEquals(second, first))
        {
            second = candidates[^1];
        }

        return (first.Outstanding + 1.0) / Math.Max(1, first.EffectiveWeight) <= (second.Outstanding + 1.0) / Math.Max(1, second.EffectiveWeight)
            ? first
            : second;
    }
}
