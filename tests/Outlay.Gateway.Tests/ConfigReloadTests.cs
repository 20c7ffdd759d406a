using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>Routes and rules change with the configuration file, without a restart; a broken file changes nothing.</summary>
public sealed class ConfigReloadTests
{
    [Fact]
    public async Task A_valid_change_applies_and_an_invalid_one_is_rejected_keeping_the_last_good()
    {
        await using var backend = await Backend.StartAsync("b1");
        var config = GatewayConfig.OpenRoute("svc", backend);
        config["Routes"] = new JsonObject { ["a"] = new JsonObject { ["PathPrefix"] = "/echo/a", ["Cluster"] = "svc" } };
        await using var gateway = await GatewayHost.StartAsync(config);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/echo/b", TestContext.Current.CancellationToken)).StatusCode);

        config["Routes"]!["b"] = new JsonObject { ["PathPrefix"] = "/echo/b", ["Cluster"] = "svc" };
        await gateway.RewriteConfigAsync(config);
        var added = await Eventually.ReadAsync(async () => (await gateway.Client.GetAsync("/echo/b", TestContext.Current.CancellationToken)).StatusCode,
            s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, added);

        var broken = (JsonObject)config.DeepClone();
        broken["Routes"]!["c"] = new JsonObject { ["PathPrefix"] = "/echo/c", ["Cluster"] = "missing" };
        broken["Routes"]!["a"] = null;
        await gateway.RewriteConfigAsync(broken);
        var status = await Eventually.ReadAsync(
            async () => JsonDocument.Parse(await gateway.Admin().GetStringAsync("/gateway/admin/config", TestContext.Current.CancellationToken)).RootElement,
            s => s.GetProperty("lastRejection").ValueKind == JsonValueKind.Array, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Contains("'missing' is not a configured cluster", status.GetProperty("lastRejection").ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/echo/a", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/echo/b", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/echo/c", TestContext.Current.CancellationToken)).StatusCode);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task An_invalid_configuration_stops_the_gateway_from_starting()
    {
        var config = GatewayConfig.OpenRoute("svc");
        config["Routes"]!["all"]!["Cluster"] = "missing";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHost.StartAsync(config));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }
}
