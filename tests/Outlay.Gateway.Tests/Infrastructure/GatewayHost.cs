using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Outlay.Gateway.Proxy;
using Outlay.ServiceDefaults;
using Outlay.Testing;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway started exactly as Program.cs starts it, on a real loopback port, with its <c>Gateway</c> section
/// read from a JSON file the test can rewrite (reloads) and its state file in a folder of its own.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
        Url = new Uri(app.Urls.First());
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public HttpClient Client { get; }

    public string Folder { get; }

    public string ConfigFile => Path.Combine(Folder, "gateway.json");

    public IServiceProvider Services => _app.Services;

    public static Task<GatewayHost> StartAsync(JsonObject gateway, IDictionary<string, string?>? settings = null) =>
        StartAsync(gateway, Directory.CreateTempSubdirectory("outlay-gateway-").FullName, settings);

    /// <summary>Starts on an existing folder (and port), e.g. to restart a gateway on the state a previous one left.</summary>
    public static async Task<GatewayHost> StartAsync(JsonObject gateway, string folder, IDictionary<string, string?>? settings = null, int port = 0)
    {
        var configFile = Path.Combine(folder, "gateway.json");
        await File.WriteAllTextAsync(configFile, new JsonObject { ["Gateway"] = gateway.DeepClone() }.ToJsonString());
        // The content root is the test's own folder, so the route table shipped in the gateway's appsettings.json stays out.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = folder });
        builder.Configuration.AddJsonFile(configFile, optional: false, reloadOnChange: true);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateway:StateFile"] = Path.Combine(folder, "gateway-state.json"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddServiceDefaults("gateway");
        builder.AddGateway();
        TestTokens.Shared.TrustIn(builder.Services);
        var app = builder.Build();
        app.UseProxyShortcut();
        app.UseServiceDefaults();
        app.MapGateway();
        await app.StartAsync();
        return new GatewayHost(app, folder);
    }

    /// <summary>Rewrites the configuration file; the gateway picks the change up on its own.</summary>
    public Task RewriteConfigAsync(JsonObject gateway) =>
        File.WriteAllTextAsync(ConfigFile, new JsonObject { ["Gateway"] = gateway.DeepClone() }.ToJsonString());

    public HttpClient Admin() => WithToken(TestTokens.Shared.ForSomeone("user", "admin"));

    public HttpClient WithToken(string token) =>
        new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) }.WithBearer(token);

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Deletes the folder; separate from disposal so a restart test can reuse it.</summary>
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);
}

/// <summary>Builds the <c>Gateway</c> section of a test's configuration.</summary>
internal static class GatewayConfig
{
    /// <summary>One route, one cluster, everyone allowed: the smallest useful gateway.</summary>
    public static JsonObject OpenRoute(string cluster, params Backend[] backends) => new()
    {
        ["Routes"] = new JsonObject { ["all"] = new JsonObject { ["PathPrefix"] = "/", ["Cluster"] = cluster } },
        ["Clusters"] = new JsonObject { [cluster] = Cluster(backends) },
        ["Access"] = new JsonObject { ["Default"] = "Allow" },
    };

    public static JsonObject Cluster(params Backend[] backends) => Cluster(backends.Select(b => (b.Name, b.Url.ToString(), "v1")).ToArray());

    public static JsonObject Cluster(params (string Name, string Address, string Version)[] destinations)
    {
        var list = new JsonObject();
        foreach (var (name, address, version) in destinations)
        {
            list[name] = new JsonObject { ["Address"] = address, ["Version"] = version };
        }

        return new JsonObject
        {
            ["Destinations"] = list,
            ["Timeouts"] = new JsonObject { ["Connect"] = "00:00:02", ["PerTry"] = "00:00:10", ["Overall"] = "00:00:20" },
        };
    }
}
