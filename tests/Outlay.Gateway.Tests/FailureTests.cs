using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>502 when a destination cannot be reached or answers garbage, 503 when none is left, 504 on timeouts.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_refused_connection_is_502()
    {
        var config = GatewayConfig.OpenRoute("svc");
        config["Clusters"]!["svc"] = GatewayConfig.Cluster(("dead", FakeServers.DeadAddress().ToString(), "v1"));
        await using var gateway = await GatewayHost.StartAsync(config);

        var response = await gateway.Client.GetAsync("/echo/x", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_destination_answering_garbage_is_502()
    {
        await using var garbage = ScriptedServer.Garbage();
        var config = GatewayConfig.OpenRoute("svc");
        config["Clusters"]!["svc"] = GatewayConfig.Cluster(("garbage", garbage.Url.ToString(), "v1"));
        await using var gateway = await GatewayHost.StartAsync(config);

        var response = await gateway.Client.GetAsync("/echo/x", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_destination_slower_than_the_timeout_is_504()
    {
        await using var slow = await Backend.StartAsync("slow");
        var config = GatewayConfig.OpenRoute("svc", slow);
        config["Clusters"]!["svc"]!["Timeouts"] = new JsonObject { ["Connect"] = "00:00:02", ["PerTry"] = "00:00:00.300", ["Overall"] = "00:00:01" };
        await using var gateway = await GatewayHost.StartAsync(config);

        var response = await gateway.Client.GetAsync("/slow/5000", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
        gateway.DeleteFolder();
    }

    /// <summary>The intent, as nginx's: a destination that does not take the connection in time is a timeout (504), not a refusal.</summary>
    [Fact]
    public async Task A_destination_that_never_takes_the_connection_is_504_after_the_connect_timeout()
    {
        using var silent = await BlackHoleServer.StartAsync();
        var config = GatewayConfig.OpenRoute("svc");
        config["Clusters"]!["svc"] = GatewayConfig.Cluster(("silent", silent.Url.ToString(), "v1"));
        config["Clusters"]!["svc"]!["Timeouts"] = new JsonObject { ["Connect"] = "00:00:00.500", ["PerTry"] = "00:00:20", ["Overall"] = "00:00:30" };
        await using var gateway = await GatewayHost.StartAsync(config);

        var elapsed = Stopwatch.StartNew();
        var response = await gateway.Client.GetAsync("/echo/x", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
        // The connect timeout ended it, long before the per-try timeout would have.
        Assert.InRange(elapsed.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(10));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_connect_timeout_is_retried_on_another_destination_even_for_a_post()
    {
        using var silent = await BlackHoleServer.StartAsync();
        await using var live = await Backend.StartAsync("live");
        var config = GatewayConfig.OpenRoute("svc");
        // "a-silent" sorts first, so round-robin tries it first.
        config["Clusters"]!["svc"] = GatewayConfig.Cluster(("a-silent", silent.Url.ToString(), "v1"), (live.Name, live.Url.ToString(), "v1"));
        config["Clusters"]!["svc"]!["Timeouts"] = new JsonObject { ["Connect"] = "00:00:00.500", ["PerTry"] = "00:00:20", ["Overall"] = "00:00:30" };
        await using var gateway = await GatewayHost.StartAsync(config);

        var response = await gateway.Client.PostAsync("/echo/pay", new StringContent("once"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, live.Hits);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_cluster_without_destinations_is_503()
    {
        var config = GatewayConfig.OpenRoute("svc");
        await using var gateway = await GatewayHost.StartAsync(config);

        var response = await gateway.Client.GetAsync("/echo/x", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Unrouted_paths_are_404_and_unrouted_methods_405()
    {
        await using var backend = await Backend.StartAsync("b1");
        var config = GatewayConfig.OpenRoute("svc", backend);
        config["Routes"] = new JsonObject
        {
            ["reads"] = new JsonObject { ["PathPrefix"] = "/echo", ["Methods"] = new JsonArray("GET"), ["Cluster"] = "svc" },
        };
        await using var gateway = await GatewayHost.StartAsync(config);

        await ProblemAssert.IsProblemAsync(await gateway.Client.GetAsync("/elsewhere", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await gateway.Client.GetAsync("/echoes", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        var post = await gateway.Client.PostAsync("/echo/x", new StringContent("x"), TestContext.Current.CancellationToken);
        await ProblemAssert.IsProblemAsync(post, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", post.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/echo/x", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, backend.Hits - 1);
        gateway.DeleteFolder();
    }
}
