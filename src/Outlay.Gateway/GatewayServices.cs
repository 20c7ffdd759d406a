using Outlay.Gateway.Admin;
using Outlay.Gateway.Clusters;
using Outlay.Gateway.Configuration;
using Outlay.Gateway.Discovery;
using Outlay.Gateway.Docs;
using Outlay.Gateway.Forwarding;
using Outlay.Gateway.Health;
using Outlay.Gateway.Infrastructure;
using Outlay.Gateway.Observability;
using Outlay.Gateway.Proxy;
using Outlay.Gateway.RateLimiting;
using Outlay.ServiceDefaults;
using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Gateway;

internal static class GatewayServices
{
    /// <summary>The .NET runtime's switch that completes socket operations on the event thread.</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Every service the gateway needs, the shared service defaults included; Program.cs and the test host both call it.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults("gateway");
        // The gateway answers as itself only in its problems; the upstream's Server header passes through.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) == "1")
        {
            // Proxying is short non-blocking work per socket event, so it runs on the event thread itself, as in an
            // Envoy or nginx event loop: no hand-off to the thread pool (and no wake-up) per read in each direction.
            // Only with the runtime's own switch, set by whoever starts the process (AppHost, image, manifests).
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayConfigProvider>()
            .DeclareSettings<GatewayOptions>(GatewayOptions.Section)
            .DeclareSettings<RegistryOptions>(RegistryOptions.Section)
            .DeclareSetting(OverridesSync.PollIntervalKey);
        builder.AddOutlayDatabase<GatewayDbContext>("gateway");
        builder.Services.AddSingleton<RuntimeOverrides>();
        // After the migrations (hosted services start in order) and before the first request.
        builder.Services.AddHostedService<OverridesSync>();
        builder.Services.AddSingleton<InstanceRegistry>();
        builder.Services.AddSingleton<ClusterStore>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<OutlierDetector>();
        builder.Services.AddSingleton<IHttpForwarder, HttpForwarder>();
        builder.Services.AddSingleton<ProxyAttempts>();
        builder.Services.AddSingleton<GatewayRateLimiter>();
        builder.Services.AddSingleton<LoadShedder>();
        builder.Services.AddHostedService<LeaseSweeper>();
        builder.Services.AddHostedService<ActiveHealthChecker>();
        builder.Services.AddSingleton<HostResolver>();
        builder.Services.AddHostedService<DnsDiscovery>();
        builder.AddGatewayApiDocs();
        return builder;
    }

    /// <summary>
    /// The whole request pipeline, in order: the proxy shortcut first (it must see the routed endpoint before the shared
    /// middleware does), then the shared middleware and endpoints, then the gateway's own. Program.cs and the test host
    /// both call this, so what the tests run cannot drift from what ships.
    /// </summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseProxyShortcut();
        app.UseServiceDefaults();
        return app.MapGateway();
    }

    private static WebApplication MapGateway(this WebApplication app)
    {
        // Built now, not on the first request: a bad configuration stops the start and metrics exist from the outset.
        app.Services.GetRequiredService<ClusterStore>();
        app.Services.GetRequiredService<GatewayMetrics>();
        app.MapGatewayAdmin();
        app.MapRegistry();
        app.MapProxy();
        return app;
    }
}
