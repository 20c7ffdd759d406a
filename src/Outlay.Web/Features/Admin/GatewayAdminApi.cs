using Outlay.Web.Api;

namespace Outlay.Web.Features.Admin;

public sealed record DestinationView(
    string Id, string Address, string Version, string Source, int Weight, int EffectiveWeight, bool Drained,
    bool Healthy, bool ActiveHealthy, DateTimeOffset? EjectedUntil, int Ejections, int Outstanding);

public sealed record ClusterView(string Id, string ServiceName, string LoadBalancing, IReadOnlyDictionary<string, int>? VersionWeights,
    bool VersionWeightsOverridden, IReadOnlyList<DestinationView> Destinations)
{
    /// <summary>Every version label seen in the cluster or its split, so the form offers a weight for each.</summary>
    public IReadOnlyList<string> Versions =>
        [.. (VersionWeights?.Keys ?? []).Concat(Destinations.Select(d => d.Version)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    public int WeightOf(string version) =>
        VersionWeights?.FirstOrDefault(w => string.Equals(w.Key, version, StringComparison.OrdinalIgnoreCase)).Value ?? 0;
}

/// <summary>The gateway's admin API (<c>/gateway/admin</c>, admin role), as the gateway branch defines it.</summary>
public sealed class GatewayAdminApi(GatewayClient api)
{
    public Task<ApiResult<List<ClusterView>>> ClustersAsync(CancellationToken cancellationToken) =>
        api.GetAsync<List<ClusterView>>("/gateway/admin/clusters", cancellationToken);

    public Task<ApiResult<ClusterView>> SetVersionWeightsAsync(string cluster, IReadOnlyDictionary<string, int> weights, CancellationToken cancellationToken) =>
        api.SendAsync<ClusterView>(HttpMethod.Put, $"/gateway/admin/clusters/{Uri.EscapeDataString(cluster)}/versions", new { weights }, null, cancellationToken);

    public Task<ApiResult<ClusterView>> ResetVersionWeightsAsync(string cluster, CancellationToken cancellationToken) =>
        api.SendAsync<ClusterView>(HttpMethod.Delete, $"/gateway/admin/clusters/{Uri.EscapeDataString(cluster)}/versions", null, null, cancellationToken);

    public Task<ApiResult<ClusterView>> SetDrainedAsync(string cluster, string destination, bool drained, CancellationToken cancellationToken) =>
        api.SendAsync<ClusterView>(drained ? HttpMethod.Put : HttpMethod.Delete,
            $"/gateway/admin/clusters/{Uri.EscapeDataString(cluster)}/destinations/{Uri.EscapeDataString(destination)}/drain", null, null, cancellationToken);
}
