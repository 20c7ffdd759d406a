using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.ServiceDefaults;
using Outlay.ServiceDefaults.Registration;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>Seed 004's self-registration: real services register through ServiceDefaults, heartbeat, expire and deregister.</summary>
public sealed class RegistryTests
{
    private const string Secret = "registry-test-secret";

    private static JsonObject RegistryGateway(string lease)
    {
        var config = GatewayConfig.OpenRoute("svc");
        config["Registry"] = new JsonObject { ["Secret"] = Secret, ["Lease"] = lease };
        return config;
    }

    /// <summary>A real service built on ServiceDefaults, configured only with where the gateway is.</summary>
    private static async Task<WebApplication> StartServiceAsync(Uri gateway, string name)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Outlay:Gateway:RegistrationUrl"] = gateway.ToString(),
            ["Outlay:Gateway:RegistrationSecret"] = Secret,
            ["Outlay:Gateway:InstanceId"] = name,
            ["Outlay:Gateway:HeartbeatInterval"] = "00:00:00.300",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults("svc");
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/whoami", () => name).AllowAnonymous();
        await app.StartAsync();
        return app;
    }

    private static async Task<string[]> InstancesAsync(GatewayHost gateway) =>
        [.. (await gateway.DestinationsAsync("svc")).Select(d => d.GetProperty("id").GetString()!).Order()];

    [Fact]
    public async Task Services_register_take_traffic_and_deregister_on_graceful_shutdown()
    {
        await using var gateway = await GatewayHost.StartAsync(RegistryGateway("00:10:00"));
        var one = await StartServiceAsync(gateway.Url, "svc-one");
        await using var two = await StartServiceAsync(gateway.Url, "svc-two");

        var registered = await Eventually.ReadAsync(() => InstancesAsync(gateway), i => i.Length == 2, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal(["svc-one", "svc-two"], registered);
        var served = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            served.Add(await gateway.Client.GetStringAsync("/whoami", TestContext.Current.CancellationToken));
        }

        Assert.Equal(["svc-one", "svc-two"], served.Order());
        Assert.Contains("outlay_gateway_registry_instances 2", await gateway.MetricsAsync(), StringComparison.Ordinal);

        // The lease is ten minutes: only the deregistration can remove the instance this soon.
        await one.StopAsync(TestContext.Current.CancellationToken);
        await one.DisposeAsync();
        Assert.Equal(["svc-two"], await InstancesAsync(gateway));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_lease_that_is_not_renewed_expires_and_a_heartbeat_brings_the_instance_back()
    {
        await using var backend = await Backend.StartAsync("manual");
        // Long enough that a slow, loaded machine still sees the instance before its lease runs out.
        await using var gateway = await GatewayHost.StartAsync(RegistryGateway("00:00:04"));
        using var register = new HttpRequestMessage(HttpMethod.Put, "/gateway/registry/instances/manual-1")
        {
            Content = JsonContent.Create(new InstanceRegistration("svc", backend.Url.ToString(), "v1", 100)),
        };
        register.Headers.Add(RegistrationProtocol.SecretHeader, Secret);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(register, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(["manual-1"], await InstancesAsync(gateway));

        var expired = await Eventually.ReadAsync(() => InstancesAsync(gateway), i => i.Length == 0, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Empty(expired);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync("/whoami", TestContext.Current.CancellationToken)).StatusCode);

        using var heartbeat = new HttpRequestMessage(HttpMethod.Put, "/gateway/registry/instances/manual-1")
        {
            Content = JsonContent.Create(new InstanceRegistration("svc", backend.Url.ToString(), "v1", 100)),
        };
        heartbeat.Headers.Add(RegistrationProtocol.SecretHeader, Secret);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(heartbeat, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal("manual", await gateway.Client.GetStringAsync("/whoami", TestContext.Current.CancellationToken));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_restarted_gateway_relearns_instances_from_their_heartbeats()
    {
        var port = FakeServers.DeadAddress().Port;
        var config = RegistryGateway("00:10:00");
        var gateway = await GatewayHost.StartAsync(config, Directory.CreateTempSubdirectory("outlay-gateway-").FullName, port: port);
        await using var service = await StartServiceAsync(gateway.Url, "svc-one");
        await Eventually.ReadAsync(() => InstancesAsync(gateway), i => i.Length == 1, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        var folder = gateway.Folder;
        await gateway.DisposeAsync();
        gateway = await GatewayHost.StartAsync(config, folder, port: port);

        var relearnt = await Eventually.ReadAsync(() => InstancesAsync(gateway), i => i.Length == 1, TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal(["svc-one"], relearnt);
        await gateway.DisposeAsync();
        gateway.DeleteFolder();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Registration_needs_the_shared_secret(string? secret)
    {
        await using var gateway = await GatewayHost.StartAsync(RegistryGateway("00:00:30"));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/gateway/registry/instances/intruder")
        {
            Content = JsonContent.Create(new InstanceRegistration("svc", "http://127.0.0.1:1/", "v1", 100)),
        };
        if (secret is not null)
        {
            request.Headers.Add(RegistrationProtocol.SecretHeader, secret);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Empty(await InstancesAsync(gateway));
        gateway.DeleteFolder();
    }

    [Fact]
    public async Task A_malformed_registration_is_a_validation_problem()
    {
        await using var gateway = await GatewayHost.StartAsync(RegistryGateway("00:00:30"));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/gateway/registry/instances/bad")
        {
            Content = JsonContent.Create(new InstanceRegistration("", "ftp://x", "v1", -1)),
        };
        request.Headers.Add(RegistrationProtocol.SecretHeader, Secret);

        await ProblemAssert.IsProblemAsync(await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "service", "url", "weight");
        gateway.DeleteFolder();
    }
}
