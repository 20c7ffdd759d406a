using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>
/// Several gateway replicas behind one load balancer must route alike: a canary split or a drain set through one
/// replica's admin API is stored in the gateway database and reaches the others within their poll interval.
/// </summary>
public sealed class SharedOverridesTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_split_and_a_drain_set_on_one_replica_apply_on_the_other(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, "gateway");
        await using var v1 = await Backend.StartAsync("one");
        await using var v2 = await Backend.StartAsync("two");
        var config = GatewayConfig.OpenRoute("users");
        config["Clusters"]!["users"] = GatewayConfig.Cluster(("one", v1.Url.ToString(), "v1"), ("two", v2.Url.ToString(), "v2"));
        var settings = new Dictionary<string, string?>(database.Settings) { ["Gateway:OverridesPollInterval"] = "00:00:00.200" };
        var first = await GatewayHost.StartAsync(config, settings);
        var second = await GatewayHost.StartAsync(config, settings);
        try
        {
            await ChangeOnOneAndSeeOnTheOtherAsync(first, second);
        }
        finally
        {
            foreach (var gateway in new[] { first, second })
            {
                await gateway.DisposeAsync();
                gateway.DeleteFolder();
            }
        }
    }

    private static async Task ChangeOnOneAndSeeOnTheOtherAsync(GatewayHost first, GatewayHost second)
    {
        var cancel = TestContext.Current.CancellationToken;

        var split = await first.Admin().PutAsJsonAsync("/gateway/admin/clusters/users/versions", new { weights = new { v1 = 0, v2 = 100 } }, cancel);
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);

        Assert.True(await Eventually.ReadAsync(() => VersionWeightAsync(second, "v2"), weight => weight == 100, TimeSpan.FromSeconds(10), cancel) == 100,
            "The second replica never applied the split set through the first.");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("two", await second.Client.GetStringAsync("/whoami", cancel));
        }

        // The other way round, and a drain: the replica that did not make the change follows it too.
        Assert.Equal(HttpStatusCode.OK, (await second.Admin().DeleteAsync("/gateway/admin/clusters/users/versions", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Admin().PutAsync("/gateway/admin/clusters/users/destinations/two/drain", null, cancel)).StatusCode);
        Assert.True(await Eventually.ReadAsync(() => DrainedAsync(first, "two"), drained => drained, TimeSpan.FromSeconds(10), cancel),
            "The first replica never applied the drain set through the second.");
        Assert.Null(await VersionWeightAsync(first, "v2"));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("one", await first.Client.GetStringAsync("/whoami", cancel));
        }
    }

    private static async Task<int?> VersionWeightAsync(GatewayHost gateway, string version)
    {
        var view = await ClusterAsync(gateway);
        return view.GetProperty("versionWeightsOverridden").GetBoolean() ? view.GetProperty("versionWeights").GetProperty(version).GetInt32() : null;
    }

    private static async Task<bool> DrainedAsync(GatewayHost gateway, string destination) =>
        (await ClusterAsync(gateway)).GetProperty("destinations").EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == destination).GetProperty("drained").GetBoolean();

    private static async Task<JsonElement> ClusterAsync(GatewayHost gateway) =>
        JsonDocument.Parse(await gateway.Admin().GetStringAsync("/gateway/admin/clusters/users", TestContext.Current.CancellationToken)).RootElement.Clone();
}
