using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

using Microsoft.Extensions.DependencyInjection;

using Outlay.Gateway.Discovery;
using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>DNS discovery: every address of a name is a destination, kept in step with the answers; a failed lookup changes nothing.</summary>
public sealed class DnsDiscoveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static JsonObject DnsCluster(string host, int port)
    {
        var config = GatewayConfig.OpenRoute("svc");
        // Refresh is below the discovery loop's one-second tick, so every tick looks the name up.
        config["Clusters"]!["svc"]!["Dns"] = new JsonObject { ["Host"] = host, ["Port"] = port, ["Scheme"] = "http", ["Version"] = "v2", ["Refresh"] = "00:00:00.100" };
        return config;
    }

    private static async Task<string[]> DestinationIdsAsync(GatewayHost gateway) =>
        [.. (await gateway.DestinationsAsync("svc")).Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    private static Task<string[]> WaitForDestinationsAsync(GatewayHost gateway, params string[] ids) =>
        Eventually.ReadAsync(() => DestinationIdsAsync(gateway), found => found.SequenceEqual(ids.Order(StringComparer.Ordinal)), Deadline,
            TestContext.Current.CancellationToken);

    /// <summary>Two backends on one port, at 127.0.0.1 and 127.0.0.2: two pods behind one headless name.</summary>
    private static async Task<(Backend First, Backend Second)> StartTwoOnOnePortAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var first = await Backend.StartAsync("first");
            try
            {
                return (first, await Backend.StartAsync("second", first.Url.Port, "127.0.0.2"));
            }
            catch (IOException) when (attempt < 5)
            {
                // Someone else holds that port on 127.0.0.2; try another.
                await first.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Every_address_the_machine_resolves_for_a_name_becomes_a_destination_with_the_configured_port_scheme_and_version()
    {
        await using var backend = await Backend.StartAsync("local");
        var port = backend.Url.Port;
        var resolved = (await Dns.GetHostAddressesAsync("localhost", TestContext.Current.CancellationToken))
            .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Distinct().ToList();
        await using var gateway = await GatewayHost.StartAsync(DnsCluster("localhost", port));

        var expected = resolved.Select(a => $"dns:{new IPEndPoint(a, port)}").ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal), await WaitForDestinationsAsync(gateway, expected));
        foreach (var destination in await gateway.DestinationsAsync("svc"))
        {
            var address = new Uri(destination.GetProperty("address").GetString()!);
            Assert.Equal(("http", port), (address.Scheme, address.Port));
            Assert.Equal("v2", destination.GetProperty("version").GetString());
            Assert.Equal("Dns", destination.GetProperty("source").GetString());
        }

        // Addresses the backend does not listen on (::1, when localhost has it) are retried elsewhere.
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task Refreshes_add_and_remove_addresses_and_a_failed_lookup_keeps_the_last_known()
    {
        var (first, second) = await StartTwoOnOnePortAsync();
        await using var firstBackend = first;
        await using var secondBackend = second;
        var port = first.Url.Port;
        var resolver = new ScriptedResolver();
        resolver.Answer("127.0.0.1", "127.0.0.2");
        await using var gateway = await GatewayHost.StartAsync(DnsCluster("pods.svc.cluster.local", port),
            services: s => s.AddSingleton<HostResolver>(resolver));
        string[] both = [$"dns:127.0.0.1:{port}", $"dns:127.0.0.2:{port}"];

        Assert.Equal(both, await WaitForDestinationsAsync(gateway, both));
        Assert.Equal(["first", "second"], (await gateway.WhoAnswersAsync(4)).Distinct().Order());
        Assert.Equal("pods.svc.cluster.local", resolver.HostsAsked.Distinct().Single());

        resolver.Answer("127.0.0.2");
        Assert.Equal([both[1]], await WaitForDestinationsAsync(gateway, both[1]));
        Assert.Equal(["second"], (await gateway.WhoAnswersAsync(4)).Distinct());

        resolver.Answer("127.0.0.1", "127.0.0.2");
        Assert.Equal(both, await WaitForDestinationsAsync(gateway, both));

        // An unknown name, an empty answer, and a failure of a kind the resolver is not known for: each keeps both.
        var before = resolver.Lookups;
        resolver.AnswerInTurn(
            ScriptedResolver.Throws(new SocketException((int)SocketError.HostNotFound)),
            () => [],
            ScriptedResolver.Throws(new TimeoutException("resolver timed out")));
        await Eventually.ReadAsync(() => Task.FromResult(resolver.Lookups), n => n >= before + 4, Deadline, TestContext.Current.CancellationToken);
        Assert.True(resolver.Lookups >= before + 4, "The gateway kept looking the name up after failures.");
        Assert.Equal(both, await DestinationIdsAsync(gateway));
        Assert.Equal(["first", "second"], (await gateway.WhoAnswersAsync(4)).Distinct().Order());
        gateway.DeleteFolder();
    }

    /// <summary>
    /// Kubernetes canary: the stable and the canary Deployment each have a headless service; one cluster resolves both,
    /// labels each name's destinations with its version, and the split between versions steers the traffic.
    /// </summary>
    [Fact]
    public async Task A_name_per_version_gives_destinations_of_that_version_and_the_split_steers_between_them()
    {
        var (first, second) = await StartTwoOnOnePortAsync();
        await using var stable = first;
        await using var canary = second;
        var port = first.Url.Port;
        var resolver = new ScriptedResolver();
        resolver.AnswerFor("catalog-headless", ScriptedResolver.Addresses("127.0.0.1"));
        resolver.AnswerFor("catalog-v2-headless", ScriptedResolver.Addresses("127.0.0.2"));
        var config = DnsCluster("catalog-headless", port);
        var dns = config["Clusters"]!["svc"]!["Dns"]!;
        dns["Version"] = "v1";
        dns["Versions"] = new JsonObject { ["v2"] = "catalog-v2-headless" };
        config["Clusters"]!["svc"]!["VersionWeights"] = new JsonObject { ["v1"] = 0, ["v2"] = 100 };
        await using var gateway = await GatewayHost.StartAsync(config, services: s => s.AddSingleton<HostResolver>(resolver));
        string[] both = [$"dns:127.0.0.1:{port}", $"dns:127.0.0.2:{port}"];

        Assert.Equal(both, await WaitForDestinationsAsync(gateway, both));
        var versions = (await gateway.DestinationsAsync("svc")).ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("version").GetString());
        Assert.Equal("v1", versions[both[0]]);
        Assert.Equal("v2", versions[both[1]]);
        Assert.Equal(["second"], (await gateway.WhoAnswersAsync(6)).Distinct());

        // The canary's name stops resolving: its last known pods stay, the stable ones are unaffected.
        resolver.AnswerFor("catalog-v2-headless", ScriptedResolver.Throws(new SocketException((int)SocketError.HostNotFound)));
        var before = resolver.Lookups;
        await Eventually.ReadAsync(() => Task.FromResult(resolver.Lookups), n => n >= before + 4, Deadline, TestContext.Current.CancellationToken);
        Assert.Equal(both, await DestinationIdsAsync(gateway));
        Assert.Equal(["second"], (await gateway.WhoAnswersAsync(4)).Distinct());
        gateway.DeleteFolder();
    }
}
