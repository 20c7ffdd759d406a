using System.Net;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>Above <c>MaxConcurrentRequests</c> the gateway sheds load with 503 at once, rather than queue without bound.</summary>
public sealed class LoadSheddingTests
{
    [Fact]
    public async Task Requests_above_the_concurrency_limit_get_503_until_requests_in_flight_finish()
    {
        await using var backend = await Backend.StartAsync("b1");
        backend.HoldRequests = true;
        var config = GatewayConfig.OpenRoute("svc", backend);
        config["MaxConcurrentRequests"] = 2;
        await using var gateway = await GatewayHost.StartAsync(config);

        var inFlight = Enumerable.Range(0, 2).Select(_ => gateway.Client.GetAsync("/hold", TestContext.Current.CancellationToken)).ToList();
        await Eventually.ReadAsync(() => Task.FromResult(backend.Held), n => n == 2, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        var hits = backend.Hits;

        var shed = await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken);
        await ProblemAssert.IsProblemAsync(shed, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(shed.Headers.RetryAfter);
        Assert.Equal(hits, backend.Hits);
        // The gateway's own endpoints are not proxied traffic and still answer, so probes do not restart a busy gateway.
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Contains("outlay_gateway_rejections_total{reason=\"overload\"} 1", await gateway.MetricsAsync(), StringComparison.Ordinal);

        backend.ReleaseHeld();
        Assert.All(await Task.WhenAll(inFlight), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        backend.HoldRequests = false;
        var after = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken)));
        Assert.All(after, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        gateway.DeleteFolder();
    }
}
