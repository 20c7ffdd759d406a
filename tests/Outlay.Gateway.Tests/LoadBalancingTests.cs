using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>The three balancing policies, observed through the gateway on real backends.</summary>
public sealed class LoadBalancingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static JsonObject Balanced(string policy, params Backend[] backends)
    {
        var config = GatewayConfig.OpenRoute("svc", backends);
        config["Clusters"]!["svc"]!["LoadBalancing"] = policy;
        return config;
    }

    /// <summary>
    /// Sends <c>/hold</c> until one request lands on <paramref name="busy"/> and stays open there (the others answer at
    /// once); returns that request, which completes on <see cref="Backend.ReleaseHeld"/>.
    /// </summary>
    private static async Task<Task<string>> HoldOneOnAsync(GatewayHost gateway, Backend busy)
    {
        busy.HoldRequests = true;
        for (var i = 0; i < 50; i++)
        {
            var request = gateway.Client.GetStringAsync("/hold", TestContext.Current.CancellationToken);
            await Eventually.ReadAsync(() => Task.FromResult(request.IsCompleted || busy.Held > 0), done => done, Deadline, TestContext.Current.CancellationToken);
            if (busy.Held > 0)
            {
                return request;
            }
        }

        throw new InvalidOperationException($"No request reached {busy.Name}.");
    }

    [Fact]
    public async Task Smooth_weighted_round_robin_interleaves_weights_5_1_1_exactly_as_nginx_does()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var c = await Backend.StartAsync("c");
        var config = Balanced("RoundRobin", a, b, c);
        config["Clusters"]!["svc"]!["Destinations"]!["a"]!["Weight"] = 5;
        config["Clusters"]!["svc"]!["Destinations"]!["b"]!["Weight"] = 1;
        config["Clusters"]!["svc"]!["Destinations"]!["c"]!["Weight"] = 1;
        await using var gateway = await GatewayHost.StartAsync(config);

        // nginx's sequence for {a=5, b=1, c=1}: the heavy destination spread out, never five in a row; then it repeats.
        Assert.Equal("aabacaa" + "aabacaa", string.Concat(await gateway.WhoAnswersAsync(14)));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Least_requests_sends_new_requests_to_the_destination_with_fewer_in_flight()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var gateway = await GatewayHost.StartAsync(Balanced("LeastRequests", a, b));

        var held = await HoldOneOnAsync(gateway, a);

        // Round-robin would send half of these to a; with one request open there, every one goes to b.
        Assert.Equal(["b"], (await gateway.WhoAnswersAsync(20)).Distinct());
        Assert.Equal(1, a.Held);

        a.ReleaseHeld();
        Assert.Equal("a", await held);
        Assert.Contains("a", await gateway.WhoAnswersAsync(4));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Power_of_two_choices_spreads_load_and_avoids_a_busy_destination()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await using var c = await Backend.StartAsync("c");
        await using var gateway = await GatewayHost.StartAsync(Balanced("PowerOfTwoChoices", a, b, c));

        // Idle destinations tie, so the random pairs alone decide: about a third each.
        var idle = await gateway.WhoAnswersAsync(300);
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.InRange(idle.Count(n => n == name), 60, 140);
        }

        var held = await HoldOneOnAsync(gateway, a);

        // Whenever a is one of the pair, the other has fewer in flight and wins; b and c share the rest.
        var busy = await gateway.WhoAnswersAsync(200);
        Assert.DoesNotContain("a", busy);
        Assert.InRange(busy.Count(n => n == "b"), 50, 150);
        a.ReleaseHeld();
        Assert.Equal("a", await held);
        gateway.DeleteFolder();
    }
}
