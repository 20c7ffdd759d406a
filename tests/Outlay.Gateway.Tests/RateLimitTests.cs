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

    private static async Task<GatewayHost> PerClientLimitAsync(Backend backend, params string[] trustedProxies)
    {
        var config = GatewayConfig.OpenRoute("svc", backend);
        // One token back every 100 s: however slow the machine, none returns during the test.
        config["RateLimits"] = new JsonObject { ["PerClient"] = new JsonObject { ["PermitsPerSecond"] = 0.01, ["Burst"] = 2 } };
        config["TrustedProxies"] = new JsonArray([.. trustedProxies.Select(p => (JsonNode)p)]);
        return await GatewayHost.StartAsync(config);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_client_limit_applies_per_address_to_visitors()
    {
        await using var backend = await Backend.StartAsync("b1");
        await using var gateway = await PerClientLimitAsync(backend);
        using var first = LoopbackClient.From("127.0.0.1", gateway.Url);
        using var firstAgain = LoopbackClient.From("127.0.0.1", gateway.Url);
        using var second = LoopbackClient.From("127.0.0.2", gateway.Url);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(first));
        // The address is the client, not the connection: a new one from the same address shares the bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(firstAgain));
        // An untrusted X-Forwarded-For is no way out of it either.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(firstAgain, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_visitors_are_limited_by_the_address_it_forwards()
    {
        await using var backend = await Backend.StartAsync("b1");
        await using var gateway = await PerClientLimitAsync(backend, "127.0.0.1");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.Client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.Client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(gateway.Client, "203.0.113.7"));
        // What the client wrote itself (left of what the proxy appended) changes nothing.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(gateway.Client, "198.51.100.1, 203.0.113.7"));
        // Another visitor behind the same proxy has a bucket of its own.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(gateway.Client, "203.0.113.8"));
        gateway.DeleteFolder();
    }
}
