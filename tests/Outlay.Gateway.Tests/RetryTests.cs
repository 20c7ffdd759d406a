using System.Net;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;

namespace Outlay.Gateway.Tests;

/// <summary>Seed 004's "retry on the next instance", only where repeating cannot duplicate an effect.</summary>
public sealed class RetryTests
{
    private static JsonObject TwoDestinations(string firstAddress, Backend second)
    {
        var config = GatewayConfig.OpenRoute("svc");
        config["Clusters"]!["svc"] = GatewayConfig.Cluster(("a-first", firstAddress, "v1"), (second.Name, second.Url.ToString(), "v1"));
        return config;
    }

    [Fact]
    public async Task Requests_to_a_refusing_destination_are_retried_on_the_other_whatever_the_method()
    {
        await using var live = await Backend.StartAsync("live");
        await using var gateway = await GatewayHost.StartAsync(TwoDestinations(FakeServers.DeadAddress().ToString(), live));

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/echo/get", TestContext.Current.CancellationToken)).StatusCode);
            var post = await gateway.Client.PostAsync("/echo/post", new StringContent("body"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        Assert.Equal(20, live.Hits);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_post_whose_body_was_sent_is_never_retried_but_a_get_is()
    {
        await using var first = await Backend.StartAsync("first");
        await using var second = await Backend.StartAsync("second");
        first.FailWith = 503;
        second.FailWith = 503;
        var config = TwoDestinations(first.Url.ToString(), second);
        await using var gateway = await GatewayHost.StartAsync(config);

        var post = await gateway.Client.PostAsync("/echo/post", new StringContent("pay once"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(1, first.Hits + second.Hits);

        var get = await gateway.Client.GetAsync("/echo/get", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, get.StatusCode);
        Assert.Equal(3, first.Hits + second.Hits);
        Assert.Equal(1, Math.Min(first.Hits, second.Hits));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_small_idempotent_body_is_buffered_and_resent()
    {
        await using var first = await Backend.StartAsync("first");
        await using var second = await Backend.StartAsync("second");
        first.FailWith = 503;
        await using var gateway = await GatewayHost.StartAsync(TwoDestinations(first.Url.ToString(), second));

        for (var i = 0; i < 4; i++)
        {
            var put = await gateway.Client.PutAsync("/echo/put", new StringContent("same body"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Contains("\"bodyLength\":9", await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Nothing_is_retried_once_the_response_started()
    {
        await using var first = await Backend.StartAsync("first");
        await using var second = await Backend.StartAsync("second");
        await using var gateway = await GatewayHost.StartAsync(TwoDestinations(first.Url.ToString(), second));

        using var response = await gateway.Client.GetAsync("/partial", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await (await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken)).CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));

        Assert.Equal(1, first.Hits + second.Hits);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Killing_one_of_two_instances_under_steady_load_fails_no_request()
    {
        await using var survivor = await Backend.StartAsync("survivor");
        var victim = await Backend.StartAsync("victim");
        await using var gateway = await GatewayHost.StartAsync(TwoDestinations(victim.Url.ToString(), survivor));
        var failures = new List<string>();
        var completed = 0;
        using var stop = new CancellationTokenSource();

        async Task LoadAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await gateway.Client.GetAsync("/echo/load", CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                    lock (failures)
                    {
                        failures.Add(failure);
                    }
                }

                Interlocked.Increment(ref completed);
            }
        }

        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(LoadAsync, TestContext.Current.CancellationToken)).ToList();
        await Outlay.Testing.Eventually.ReadAsync(() => Task.FromResult(victim.Hits), hits => hits >= 100, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await victim.KillAsync();
        var atKill = Volatile.Read(ref completed);
        await Outlay.Testing.Eventually.ReadAsync(() => Task.FromResult(Volatile.Read(ref completed)), c => c >= atKill + 500, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        await victim.DisposeAsync();

        Assert.Empty(failures);
        Assert.True(Volatile.Read(ref completed) >= atKill + 500, "The load kept flowing after the kill.");
        Assert.True(victim.Hits >= 100 && survivor.Hits >= 100, "Both instances served before the kill.");
        gateway.DeleteFolder();
    }
}
