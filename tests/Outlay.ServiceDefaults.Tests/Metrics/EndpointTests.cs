using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Outlay.Testing;
using static Outlay.ServiceDefaults.Metrics.Tests.TestSupport;

namespace Outlay.ServiceDefaults.Metrics.Tests;

public class EndpointTests
{
    [Fact]
    public async Task MetricsEndpoint_ExposesAspNetCoreAndCustomMetrics_AcceptedByPromtool()
    {
        var ct = TestContext.Current.CancellationToken;
        using var meter = new Meter("Outlay.Test");
        var orders = meter.CreateCounter<long>("outlay.test.orders", "{order}", "Orders placed");
        var active = meter.CreateUpDownCounter<int>("outlay.test.active");
        var latency = meter.CreateHistogram<double>("outlay.test.latency", "s");
        meter.CreateObservableGauge("outlay.test.queue.depth",
            () => new Measurement<int>(7, new KeyValuePair<string, object?>("queue", "we\"ird\\path\nline")), description: "Queued items");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPrometheusMetrics();
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        await using var app = builder.Build();
        app.MapGet("/hello/{id}", (int id) => $"hello {id}").AllowAnonymous();
        app.MapPrometheusMetrics();
        await app.StartAsync(ct);
        using var client = app.GetTestClient();

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync($"/hello/{i}", ct)).EnsureSuccessStatusCode();
        }

        orders.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        orders.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        orders.Add(1, new KeyValuePair<string, object?>("kind", "b"));
        active.Add(5);
        active.Add(-2);
        latency.Record(0.25);
        latency.Record(0.5);

        const string helloBucket = "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/hello/{id}\",network_protocol_version=\"1.1\",url_scheme=\"http\",le=\"+Inf\"}";
        // The hosting layer records the duration after the response completes, so the last request may lag a little.
        var (response, text) = await Eventually.ReadAsync(
            async () =>
            {
                var scraped = await client.GetAsync("/metrics", ct);
                return (scraped, await scraped.Content.ReadAsStringAsync(ct));
            },
            scrape => Sample(scrape.Item2, helloBucket) == 3,
            TimeSpan.FromSeconds(5),
            ct);

        Assert.Equal(StatusCodes.Status200OK, (int)response.StatusCode);
        Assert.Equal(PrometheusMetricsSetup.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(3, Sample(text, helloBucket));
        Assert.Equal(5, Sample(text, "outlay_test_orders_total{kind=\"a\"}"));
        Assert.Equal(1, Sample(text, "outlay_test_orders_total{kind=\"b\"}"));
        Assert.Equal(3, Sample(text, "outlay_test_active"));
        Assert.Equal(1, Sample(text, "outlay_test_latency_seconds_bucket{le=\"0.25\"}"));
        Assert.Equal(2, Sample(text, "outlay_test_latency_seconds_bucket{le=\"0.5\"}"));
        Assert.Equal(0.75, Sample(text, "outlay_test_latency_seconds_sum"));
        Assert.Equal(2, Sample(text, "outlay_test_latency_seconds_count"));
        Assert.Equal(7, Sample(text, "outlay_test_queue_depth{queue=\"we\\\"ird\\\\path\\nline\"}"));
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", text, StringComparison.Ordinal);
        AssertPromtoolAccepts(text);

        await app.StopAsync(ct);
    }
}
