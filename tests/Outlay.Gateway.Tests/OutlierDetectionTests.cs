using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>Passive health over time: ejections that last longer each time, and client aborts that never count.</summary>
public sealed class OutlierDetectionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static JsonObject Passive(JsonObject config, int consecutiveFailures, string baseEjection, string maxEjection)
    {
        config["Clusters"]!["svc"]!["HealthCheck"] = new JsonObject
        {
            ["Passive"] = new JsonObject
            {
                ["ConsecutiveFailures"] = consecutiveFailures,
                ["BaseEjectionTime"] = baseEjection,
                ["MaxEjectionTime"] = maxEjection,
            },
        };
        return config;
    }

    [Fact]
    public async Task Each_ejection_lasts_twice_as_long_as_the_one_before_up_to_the_maximum()
    {
        await using var bad = await Backend.StartAsync("bad");
        await using var good = await Backend.StartAsync("good");
        bad.FailWith = 500;
        var clock = new ManualClock();
        await using var gateway = await GatewayHost.StartAsync(Passive(GatewayConfig.OpenRoute("svc", bad, good), 1, "00:00:10", "00:00:35"),
            services: s => s.AddSingleton<TimeProvider>(clock));

        async Task<int> BadHitsAfterOneMoreRequestAsync()
        {
            using var response = await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken);
            return bad.Hits;
        }

        foreach (var (ejection, seconds) in new[] { (1, 10), (2, 20), (3, 35), (4, 35) })
        {
            var before = clock.GetUtcNow();
            var hits = bad.Hits;
            // Requests until the bad destination's turn comes; its failure ejects it at once (a returning one is on probation).
            await Eventually.ReadAsync(BadHitsAfterOneMoreRequestAsync, h => h > hits, Deadline, TestContext.Current.CancellationToken);

            var state = await gateway.DestinationAsync("svc", "bad");
            Assert.Equal(ejection, state.GetProperty("ejections").GetInt32());
            var until = state.GetProperty("ejectedUntil").GetDateTimeOffset();
            Assert.InRange((until - before).TotalSeconds, seconds, seconds + 5);
            Assert.Equal(["good"], (await gateway.WhoAnswersAsync(6)).Distinct());

            clock.Advance(until - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
            Assert.Equal(JsonValueKind.Null, (await gateway.DestinationAsync("svc", "bad")).GetProperty("ejectedUntil").ValueKind);
        }

        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Clients_that_abort_mid_request_never_count_against_a_destination()
    {
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        a.HoldRequests = b.HoldRequests = true;
        // Two failures in a row would eject for five minutes; half the cluster may go.
        await using var gateway = await GatewayHost.StartAsync(Passive(GatewayConfig.OpenRoute("svc", a, b), 2, "00:05:00", "00:10:00"));

        // Waiting for the response head: twenty requests held open on the destinations, then every client gives up.
        using (var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            var waiting = Enumerable.Range(0, 20).Select(_ => gateway.Client.GetAsync("/hold", giveUp.Token)).ToList();
            await Eventually.ReadAsync(() => Task.FromResult(a.Held + b.Held), n => n == 20, Deadline, TestContext.Current.CancellationToken);
            await giveUp.CancelAsync();
            foreach (var request in waiting)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
            }
        }

        // Reading the response body: ten downloads dropped after their first bytes.
        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync("/download/104857600", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            await (await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken)).ReadExactlyAsync(new byte[64 * 1024], TestContext.Current.CancellationToken);
        }

        // Sending the request body: ten uploads whose client fails half-way.
        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => gateway.Client.PostAsync("/sink", new FailingContent(1 << 20), TestContext.Current.CancellationToken));
        }

        // Every aborted attempt has ended in the gateway before its verdict is read.
        await Eventually.ReadAsync(async () => (await gateway.DestinationsAsync("svc")).Sum(d => d.GetProperty("outstanding").GetInt32()),
            n => n == 0, Deadline, TestContext.Current.CancellationToken);
        foreach (var destination in await gateway.DestinationsAsync("svc"))
        {
            Assert.Equal(0, destination.GetProperty("ejections").GetInt32());
            Assert.True(destination.GetProperty("healthy").GetBoolean());
        }

        Assert.DoesNotContain("outlay_gateway_ejections_total", await gateway.MetricsAsync(), StringComparison.Ordinal);
        Assert.Equal(["a", "b"], (await gateway.WhoAnswersAsync(4)).Distinct().Order());
        gateway.DeleteFolder();
    }
}

/// <summary>A request body whose producer fails after some bytes, as when a client crashes or its network drops mid-upload.</summary>
internal sealed class FailingContent(int bytesBeforeFailing) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(new byte[bytesBeforeFailing]);
        await stream.FlushAsync();
        throw new IOException("The client failed mid-upload.");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
