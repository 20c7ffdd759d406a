using System.Net;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>Token buckets per route and per client, refusing with 429 and a Retry-After.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_route_limit_refuses_with_429_and_retry_after()
    {
        await using var backend = await Backend.StartAsync("b1");
        var config = GatewayConfig.OpenRoute("svc", backend);
        config["Routes"]!["all"]!["RateLimit"] = new JsonObject { ["PermitsPerSecond"] = 0.2, ["Burst"] = 3 };
        await using var gateway = await GatewayHost.StartAsync(config);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        }

        var refused = await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 5);
        Assert.Equal(3, backend.Hits);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_client_limit_applies_per_account()
    {
        await using var backend = await Backend.StartAsync("b1");
        var config = GatewayConfig.OpenRoute("svc", backend);
        config["RateLimits"] = new JsonObject { ["PerClient"] = new JsonObject { ["PermitsPerSecond"] = 0.2, ["Burst"] = 2 } };
        await using var gateway = await GatewayHost.StartAsync(config);
        var alice = gateway.WithToken(TestTokens.Shared.ForSomeone("user"));
        var bob = gateway.WithToken(TestTokens.Shared.ForSomeone("user"));

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await alice.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        gateway.DeleteFolder();
    }
}
