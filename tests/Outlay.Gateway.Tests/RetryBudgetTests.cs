using System.Net;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>The retry budget: when many requests fail at once, only a share of them is retried, and the metric counts retries.</summary>
public sealed class RetryBudgetTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>A refusing destination (first in id order, so it is tried first) and a second one; no ejections to blur the count.</summary>
    private static JsonObject DeadAndLive(Backend live, int maxAttempts, int budgetPercent, int minConcurrentRetries)
    {
        var config = GatewayConfig.OpenRoute("svc");
        var cluster = GatewayConfig.Cluster(("a-dead", FakeServers.DeadAddress().ToString(), "v1"), (live.Name, live.Url.ToString(), "v1"));
        cluster["Retry"] = new JsonObject { ["MaxAttempts"] = maxAttempts, ["BudgetPercent"] = budgetPercent, ["MinConcurrentRetries"] = minConcurrentRetries };
        cluster["HealthCheck"] = new JsonObject { ["Passive"] = new JsonObject { ["Enabled"] = false } };
        config["Clusters"]!["svc"] = cluster;
        return config;
    }

    [Fact]
    public async Task Failures_at_once_are_retried_only_up_to_the_budget_share_of_requests_in_flight()
    {
        await using var live = await Backend.StartAsync("live");
        live.HoldRequests = true;
        await using var gateway = await GatewayHost.StartAsync(DeadAndLive(live, maxAttempts: 2, budgetPercent: 5, minConcurrentRetries: 0));
        var admin = gateway.Admin();

        // 40 requests in flight on the live destination (the dead one drained meanwhile) make the budget 5 % × 40-50 = 2.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/gateway/admin/clusters/svc/destinations/a-dead/drain", null, TestContext.Current.CancellationToken)).StatusCode);
        var steady = Enumerable.Range(0, 40).Select(_ => gateway.Client.GetAsync("/hold", TestContext.Current.CancellationToken)).ToList();
        Assert.Equal(40, await Eventually.ReadAsync(() => Task.FromResult(live.Held), n => n == 40, Deadline, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/gateway/admin/clusters/svc/destinations/a-dead/drain", TestContext.Current.CancellationToken)).StatusCode);

        // Ten more at once: round-robin sends five to the dead destination, and all five would be retried without a budget.
        var burst = Enumerable.Range(0, 10).Select(_ => gateway.Client.GetAsync("/hold", TestContext.Current.CancellationToken)).ToList();
        await Eventually.ReadAsync(() => Task.FromResult(burst.Count(r => r.IsCompleted)), n => n == 3, Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(40 + 5 + 2, await Eventually.ReadAsync(() => Task.FromResult(live.Held), n => n == 47, Deadline, TestContext.Current.CancellationToken));
        foreach (var refused in burst.Where(r => r.IsCompleted))
        {
            await ProblemAssert.IsProblemAsync(await refused, HttpStatusCode.BadGateway);
        }

        Assert.Contains("outlay_gateway_retries_total{cluster=\"svc\"} 2", await gateway.MetricsAsync(), StringComparison.Ordinal);
        live.ReleaseHeld();
        foreach (var response in await Task.WhenAll(steady.Concat(burst.Where(r => !r.IsCompleted))))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_retry_that_finds_no_destination_left_does_not_use_up_the_budget()
    {
        await using var live = await Backend.StartAsync("live");
        live.FailWith = 503;
        // One retry at a time, and a third attempt allowed that two destinations can never use.
        await using var gateway = await GatewayHost.StartAsync(DeadAndLive(live, maxAttempts: 3, budgetPercent: 0, minConcurrentRetries: 1));

        for (var i = 0; i < 6; i++)
        {
            Assert.NotEqual(HttpStatusCode.OK, (await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        }

        // Once the live destination recovers, every request that meets the dead one first is still retried.
        live.FailWith = null;
        Assert.Equal(["live"], (await gateway.WhoAnswersAsync(6)).Distinct());
        gateway.DeleteFolder();
    }
}
