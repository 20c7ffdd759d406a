using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>Active checks take a failing destination out and bring it back; passive outlier detection ejects, never all.</summary>
public sealed class HealthTests
{
    private static async Task<HashSet<string>> ServedByAsync(GatewayHost gateway, int requests) => [.. await gateway.WhoAnswersAsync(requests)];

    [Fact]
    public async Task Active_checks_remove_an_unready_destination_and_restore_it()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        var config = GatewayConfig.OpenRoute("svc", a, b);
        config["Clusters"]!["svc"]!["HealthCheck"] = new JsonObject
        {
            ["Active"] = new JsonObject { ["Enabled"] = true, ["Interval"] = "00:00:00.100", ["Timeout"] = "00:00:01", ["HealthyThreshold"] = 2, ["UnhealthyThreshold"] = 2 },
        };
        await using var gateway = await GatewayHost.StartAsync(config);

        a.Ready = false;
        var down = await Eventually.ReadAsync(() => gateway.DestinationAsync("svc", "a"), d => !d.GetProperty("healthy").GetBoolean(),
            TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(down.GetProperty("healthy").GetBoolean());
        Assert.Equal(["b"], await ServedByAsync(gateway, 20));
        Assert.Contains("outlay_gateway_destination_healthy{cluster=\"svc\",destination=\"a\"} 0",
            await gateway.MetricsAsync(), StringComparison.Ordinal);

        a.Ready = true;
        var up = await Eventually.ReadAsync(() => gateway.DestinationAsync("svc", "a"), d => d.GetProperty("healthy").GetBoolean(),
            TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(up.GetProperty("healthy").GetBoolean());
        Assert.Equal(["a", "b"], (await ServedByAsync(gateway, 20)).Order());
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Consecutive_errors_eject_a_destination_for_a_while_and_count_in_metrics()
    {
        await using var bad = await Backend.StartAsync("bad");
        await using var good = await Backend.StartAsync("good");
        bad.FailWith = 500;
        var config = GatewayConfig.OpenRoute("svc", bad, good);
        config["Clusters"]!["svc"]!["HealthCheck"] = new JsonObject
        {
            ["Passive"] = new JsonObject { ["ConsecutiveFailures"] = 3, ["BaseEjectionTime"] = "00:05:00", ["MaxEjectionTime"] = "00:10:00" },
        };
        await using var gateway = await GatewayHost.StartAsync(config);

        for (var i = 0; i < 10; i++)
        {
            await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, bad.Hits);
        var ejected = await gateway.DestinationAsync("svc", "bad");
        Assert.Equal(JsonValueKind.String, ejected.GetProperty("ejectedUntil").ValueKind);
        Assert.Equal(["good"], await ServedByAsync(gateway, 20));
        Assert.Contains("outlay_gateway_ejections_total{cluster=\"svc\"} 1",
            await gateway.MetricsAsync(), StringComparison.Ordinal);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Outlier_detection_never_ejects_every_destination()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        a.FailWith = 500;
        b.FailWith = 500;
        var config = GatewayConfig.OpenRoute("svc", a, b);
        config["Clusters"]!["svc"]!["HealthCheck"] = new JsonObject
        {
            ["Passive"] = new JsonObject { ["ConsecutiveFailures"] = 2, ["BaseEjectionTime"] = "00:05:00", ["MaxEjectionTime"] = "00:10:00", ["MaxEjectionPercent"] = 100 },
        };
        await using var gateway = await GatewayHost.StartAsync(config);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        }

        var states = new[] { await gateway.DestinationAsync("svc", "a"), await gateway.DestinationAsync("svc", "b") };
        Assert.Equal(1, states.Count(s => s.GetProperty("ejectedUntil").ValueKind == JsonValueKind.String));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task When_every_destination_looks_down_the_gateway_still_tries_them()
    {
        await using var a = await Backend.StartAsync("a");
        var config = GatewayConfig.OpenRoute("svc", a);
        config["Clusters"]!["svc"]!["HealthCheck"] = new JsonObject
        {
            ["Active"] = new JsonObject { ["Enabled"] = true, ["Interval"] = "00:00:00.100", ["HealthyThreshold"] = 1, ["UnhealthyThreshold"] = 1 },
        };
        await using var gateway = await GatewayHost.StartAsync(config);

        a.Ready = false;
        await Eventually.ReadAsync(() => gateway.DestinationAsync("svc", "a"), d => !d.GetProperty("healthy").GetBoolean(),
            TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal("a", await gateway.Client.GetStringAsync("/whoami", TestContext.Current.CancellationToken));
        gateway.DeleteFolder();
    }
}
