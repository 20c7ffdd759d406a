using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Admin;

/// <summary>The gateway's clusters with each instance's health, and the canary split between versions, changed here at runtime.</summary>
public sealed class GatewayModel(GatewayAdminApi gateway) : OutlayPage
{
    public IReadOnlyList<ClusterView> Clusters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem) : Page();

    /// <summary>Form fields <c>weight[v1]=90&amp;weight[v2]=10</c>.</summary>
    public async Task<IActionResult> OnPostWeightsAsync(string cluster, Dictionary<string, int> weight, CancellationToken cancellationToken)
    {
        var result = await gateway.SetVersionWeightsAsync(cluster, weight, cancellationToken);
        return result.Succeeded
            ? Done($"{cluster}: traffic split set to {string.Join(", ", weight.Select(w => $"{w.Key} {w.Value}"))}.")
            : await ProblemAsync(result.Problem!, FieldMap.For("", "weights").With("weights", $"Weights-{cluster}"), async () => await LoadAsync(cancellationToken));
    }

    public async Task<IActionResult> OnPostResetAsync(string cluster, CancellationToken cancellationToken)
    {
        var result = await gateway.ResetVersionWeightsAsync(cluster, cancellationToken);
        return result.Succeeded ? Done($"{cluster}: back to the configured split.") : await ProblemAsync(result.Problem!, reload: async () => await LoadAsync(cancellationToken));
    }

    public async Task<IActionResult> OnPostDrainAsync(string cluster, string destination, bool drained, CancellationToken cancellationToken)
    {
        var result = await gateway.SetDrainedAsync(cluster, destination, drained, cancellationToken);
        return result.Succeeded
            ? Done($"{destination} {(drained ? "drained: it gets no new requests" : "takes requests again")}.")
            : await ProblemAsync(result.Problem!, reload: async () => await LoadAsync(cancellationToken));
    }

    private async Task<Api.ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var clusters = await gateway.ClustersAsync(cancellationToken);
        Clusters = clusters.Value ?? [];
        return clusters.Problem;
    }
}
