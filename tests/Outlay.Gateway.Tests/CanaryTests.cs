using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>Seed 003's strangler: a v1/v2 split changed at runtime by an admin, exact, visible and durable.</summary>
public sealed class CanaryTests
{
    private static JsonObject Split(Backend v1, Backend v2, int v1Weight, int v2Weight)
    {
        var config = GatewayConfig.OpenRoute("users");
        var cluster = GatewayConfig.Cluster(("one", v1.Url.ToString(), "v1"), ("two", v2.Url.ToString(), "v2"));
        cluster["VersionWeights"] = new JsonObject { ["v1"] = v1Weight, ["v2"] = v2Weight };
        config["Clusters"]!["users"] = cluster;
        return config;
    }

    private static async Task<double> ShareOfAsync(GatewayHost gateway, string name, int requests)
    {
        var hits = 0;
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                if (await gateway.Client.GetStringAsync("/whoami", TestContext.Current.CancellationToken) == name)
                {
                    Interlocked.Increment(ref hits);
                }
            }
        })));
        return hits / (double)requests;
    }

    [Fact]
    public async Task The_split_holds_over_ten_thousand_requests_and_changes_at_runtime_and_survives_a_restart()
    {
        await using var v1 = await Backend.StartAsync("one");
        await using var v2 = await Backend.StartAsync("two");
        var config = Split(v1, v2, 90, 10);
        var gateway = await GatewayHost.StartAsync(config);

        Assert.InRange(await ShareOfAsync(gateway, "two", 10_000), 0.08, 0.12);

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.PutAsJsonAsync("/gateway/admin/clusters/users/versions",
            new { weights = new { v1 = 0, v2 = 100 } }, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.WithToken(TestTokens.Shared.ForSomeone("user")).PutAsJsonAsync("/gateway/admin/clusters/users/versions",
            new { weights = new { v1 = 0, v2 = 100 } }, TestContext.Current.CancellationToken)).StatusCode);
        var invalid = await gateway.Admin().PutAsJsonAsync("/gateway/admin/clusters/users/versions", new { weights = new { v1 = 0, v2 = 0 } }, TestContext.Current.CancellationToken);
        await Outlay.Testing.ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest, "weights");

        var changed = await gateway.Admin().PutAsJsonAsync("/gateway/admin/clusters/users/versions", new { weights = new { v1 = 50, v2 = 50 } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.InRange(await ShareOfAsync(gateway, "two", 2_000), 0.48, 0.52);
        var metrics = await gateway.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("outlay_gateway_version_weight{cluster=\"users\",version=\"v2\"} 50", metrics, StringComparison.Ordinal);

        var folder = gateway.Folder;
        await gateway.DisposeAsync();
        gateway = await GatewayHost.StartAsync(config, folder);
        var view = JsonDocument.Parse(await gateway.Admin().GetStringAsync("/gateway/admin/clusters/users", TestContext.Current.CancellationToken)).RootElement;
        Assert.True(view.GetProperty("versionWeightsOverridden").GetBoolean());
        Assert.Equal(50, view.GetProperty("versionWeights").GetProperty("v2").GetInt32());
        Assert.InRange(await ShareOfAsync(gateway, "two", 1_000), 0.48, 0.52);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().DeleteAsync("/gateway/admin/clusters/users/versions", TestContext.Current.CancellationToken)).StatusCode);
        Assert.InRange(await ShareOfAsync(gateway, "two", 1_000), 0.08, 0.12);
        await gateway.DisposeAsync();
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_drained_destination_gets_no_new_requests_and_weights_steer_traffic()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var gateway = await GatewayHost.StartAsync(GatewayConfig.OpenRoute("svc", a, b));

        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().PutAsync("/gateway/admin/clusters/svc/destinations/a/drain", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0.0, await ShareOfAsync(gateway, "a", 200));

        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().DeleteAsync("/gateway/admin/clusters/svc/destinations/a/drain", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().PutAsJsonAsync("/gateway/admin/clusters/svc/destinations/a/weight", new { weight = 300 }, TestContext.Current.CancellationToken)).StatusCode);
        Assert.InRange(await ShareOfAsync(gateway, "a", 1_000), 0.73, 0.77);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin().PutAsync("/gateway/admin/clusters/svc/destinations/nope/drain", null, TestContext.Current.CancellationToken)).StatusCode);
        gateway.DeleteFolder();
    }
}
