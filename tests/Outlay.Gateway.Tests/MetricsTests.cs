using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>The series the deploy session's alert rules are written against, in valid Prometheus text.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Requests_latency_and_destination_health_are_exported_under_their_fixed_names()
    {
        await using var backend = await Backend.StartAsync("b1");
        await using var gateway = await GatewayHost.StartAsync(GatewayConfig.OpenRoute("svc", backend));
        await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken);
        await gateway.Client.GetAsync("/status/503", TestContext.Current.CancellationToken);

        var metrics = await gateway.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Contains("outlay_gateway_requests_total{cluster=\"svc\",code_class=\"2xx\",route=\"all\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_gateway_requests_total{cluster=\"svc\",code_class=\"5xx\",route=\"all\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_gateway_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_gateway_upstream_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_gateway_destination_healthy{cluster=\"svc\",destination=\"b1\"} 1", metrics, StringComparison.Ordinal);
        Promtool.AssertAccepts(metrics);
        gateway.DeleteFolder();
    }
}
