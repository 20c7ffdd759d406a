using System.Text.Json;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>What a test reads back from a running gateway: destinations as its admin API shows them, and its metrics.</summary>
internal static class GatewayAdmin
{
    public static async Task<JsonElement[]> DestinationsAsync(this GatewayHost gateway, string cluster) =>
        [.. JsonDocument.Parse(await gateway.Admin().GetStringAsync($"/gateway/admin/clusters/{cluster}", TestContext.Current.CancellationToken))
            .RootElement.GetProperty("destinations").EnumerateArray()];

    public static async Task<JsonElement> DestinationAsync(this GatewayHost gateway, string cluster, string id) =>
        (await gateway.DestinationsAsync(cluster)).Single(d => d.GetProperty("id").GetString() == id);

    public static Task<string> MetricsAsync(this GatewayHost gateway) =>
        gateway.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

    /// <summary>Which backends answered <c>/whoami</c>, in order, over <paramref name="requests"/> requests one after another.</summary>
    public static async Task<List<string>> WhoAnswersAsync(this GatewayHost gateway, int requests, string path = "/whoami")
    {
        var names = new List<string>(requests);
        for (var i = 0; i < requests; i++)
        {
            names.Add(await gateway.Client.GetStringAsync(path, TestContext.Current.CancellationToken));
        }

        return names;
    }
}
