using Microsoft.AspNetCore.Http.HttpResults;

using Outlay.Gateway.Clusters;
using Outlay.Gateway.Configuration;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Gateway.Admin;

internal sealed record DestinationView(
    string Id, string Address, string Version, string Source, int Weight, int EffectiveWeight, bool Drained,
    bool Healthy, bool ActiveHealthy, DateTimeOffset? EjectedUntil, int Ejections, int Outstanding);

internal sealed record ClusterView(string Id, string ServiceName, string LoadBalancing, IReadOnlyDictionary<string, int>? VersionWeights,
    bool VersionWeightsOverridden, IReadOnlyList<DestinationView> Destinations);

internal sealed record VersionWeightsRequest(Dictionary<string, int>? Weights);

internal sealed record WeightRequest(int? Weight);

internal sealed record ConfigStatus(int Generation, int Routes, int Clusters, IReadOnlyList<string>? LastRejection, DateTimeOffset? LastRejectedAt);

/// <summary>
/// Operators' view and controls (admin role): clusters with destination health and weights, the canary split
/// between versions, per-destination weights and drains. Changes are stored, then apply to the next request here and, within a poll interval, on every other replica.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapGatewayAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/gateway/admin").RequireAuthorization(OutlayPolicies.Admin).WithTags("Gateway admin");
        admin.MapGet("/clusters", ListClusters);
        admin.MapGet("/clusters/{clusterId}", GetCluster);
        admin.MapPut("/clusters/{clusterId}/versions", SetVersionWeights);
        admin.MapDelete("/clusters/{clusterId}/versions", ResetVersionWeights);
        admin.MapPut("/clusters/{clusterId}/destinations/{destinationId}/weight", SetWeight);
        admin.MapPut("/clusters/{clusterId}/destinations/{destinationId}/drain", Drain);
        admin.MapDelete("/clusters/{clusterId}/destinations/{destinationId}/drain", Undrain);
        admin.MapGet("/config", GetConfig);
        return app;
    }

    private static Ok<ClusterView[]> ListClusters(ClusterStore clusters, TimeProvider time) =>
        TypedResults.Ok(clusters.All.Select(c => View(c, time.GetUtcNow())).ToArray());

    private static Results<Ok<ClusterView>, NotFound> GetCluster(string clusterId, ClusterStore clusters, TimeProvider time) =>
        clusters.Get(clusterId) is { } cluster ? TypedResults.Ok(View(cluster, time.GetUtcNow())) : TypedResults.NotFound();

    private static async Task<Results<Ok<ClusterView>, NotFound, ValidationProblem>> SetVersionWeights(
        string clusterId, VersionWeightsRequest request, ClusterStore clusters, RuntimeOverrides overrides, TimeProvider time, CancellationToken cancellationToken)
    {
        if (clusters.Get(clusterId) is not { } cluster)
        {
            return TypedResults.NotFound();
        }

        var weights = request.Weights;
        if (weights is null || weights.Count == 0 || weights.Values.Any(w => w is < 0 or > 10_000) || weights.Values.Sum() == 0
            || weights.Keys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 64))
        {
            return new ValidationErrors().Add("weights", "Give each version label a weight between 0 and 10000, not all 0.").ToProblem();
        }

        await overrides.UpdateAsync(clusterId, o => o.VersionWeights = new Dictionary<string, int>(weights, StringComparer.OrdinalIgnoreCase), cancellationToken);
        return TypedResults.Ok(View(cluster, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<ClusterView>, NotFound>> ResetVersionWeights(
        string clusterId, ClusterStore clusters, RuntimeOverrides overrides, TimeProvider time, CancellationToken cancellationToken)
    {
        if (clusters.Get(clusterId) is not { } cluster)
        {
            return TypedResults.NotFound();
        }

        await overrides.UpdateAsync(clusterId, o => o.VersionWeights = null, cancellationToken);
        return TypedResults.Ok(View(cluster, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<ClusterView>, NotFound, ValidationProblem>> SetWeight(
        string clusterId, string destinationId, WeightRequest request, ClusterStore clusters, RuntimeOverrides overrides, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (clusters.Get(clusterId) is not { } cluster || !cluster.Destinations.Any(d => d.Id == destinationId))
        {
            return TypedResults.NotFound();
        }

        if (request.Weight is not (>= 0 and <= 10_000))
        {
            return new ValidationErrors().Add("weight", "The weight must be between 0 and 10000.").ToProblem();
        }

        await overrides.UpdateAsync(clusterId, o => o.DestinationWeights[destinationId] = request.Weight.Value, cancellationToken);
        return TypedResults.Ok(View(cluster, time.GetUtcNow()));
    }

    private static Task<Results<Ok<ClusterView>, NotFound>> Drain(
        string clusterId, string destinationId, ClusterStore clusters, RuntimeOverrides overrides, TimeProvider time, CancellationToken cancellationToken) =>
        SetDrainedAsync(clusterId, destinationId, drained: true, clusters, overrides, time, cancellationToken);

    private static Task<Results<Ok<ClusterView>, NotFound>> Undrain(
        string clusterId, string destinationId, ClusterStore clusters, RuntimeOverrides overrides, TimeProvider time, CancellationToken cancellationToken) =>
        SetDrainedAsync(clusterId, destinationId, drained: false, clusters, overrides, time, cancellationToken);

    private static async Task<Results<Ok<ClusterView>, NotFound>> SetDrainedAsync(
        string clusterId, string destinationId, bool drained, ClusterStore clusters, RuntimeOverrides overrides, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (clusters.Get(clusterId) is not { } cluster || !cluster.Destinations.Any(d => d.Id == destinationId))
        {
            return TypedResults.NotFound();
        }

        await overrides.UpdateAsync(clusterId, o =>
        {
            if (drained)
            {
                o.Drained.Add(destinationId);
            }
            else
            {
                o.Drained.Remove(destinationId);
            }
        }, cancellationToken);
        return TypedResults.Ok(View(cluster, time.GetUtcNow()));
    }

    private static Ok<ConfigStatus> GetConfig(GatewayConfigProvider config)
    {
        var current = config.Current;
        return TypedResults.Ok(new ConfigStatus(current.Generation, current.Routes.Routes.Count, current.Clusters.Count, config.LastErrors, config.LastRejectedAt));
    }

    private static ClusterView View(ClusterState cluster, DateTimeOffset now) => new(
        cluster.Id,
        cluster.Config.ServiceName,
        cluster.Config.Policy.ToString(),
        cluster.VersionWeights,
        cluster.VersionWeightOverride is not null,
        [.. cluster.Destinations.Select(d => new DestinationView(
            d.Id, d.Address.ToString(), d.Version, d.Source.ToString(), d.WeightOverride ?? d.ConfiguredWeight, d.EffectiveWeight, d.Drained,
            d.IsHealthy(now), d.ActiveHealthy, d.EjectedUntil(now), d.Ejections, d.Outstanding))]);
}
