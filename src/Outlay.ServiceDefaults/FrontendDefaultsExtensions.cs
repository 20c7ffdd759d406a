using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.Health;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Lifetime;
using Outlay.ServiceDefaults.Logging;
using Outlay.ServiceDefaults.Metrics;
using Outlay.ServiceDefaults.Registration;

namespace Outlay.ServiceDefaults;

/// <summary>
/// The shared mechanics for a process that serves HTML rather than an API (the Web UI): logs, body limit,
/// health, metrics, the parent watcher, the role policies and the endpoint guard. It leaves out what only an
/// API wants (bearer tokens as the default scheme, problem+json error pages, OpenAPI), so that the frontend
/// chooses its own authentication scheme and renders its own error pages.
/// </summary>
public static class FrontendDefaultsExtensions
{
    public static WebApplicationBuilder AddFrontendDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        // First of the hosted services: it reports (or, asked to, only checks) settings nothing reads.
        builder.Services.AddHostedService<UnknownSettingsCheck>();
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.AddOutlayLogging();
        builder.AddRequestBodyLimit();
        builder.Services.AddOutlayHealthChecks();
        builder.Services.AddPrometheusMetrics();
        builder.Services.AddOutlayAuthorization();
        builder.Services.AddParentProcessWatcher(builder.Configuration);
        builder.Services.AddGatewayRegistration(builder.Configuration);
        return builder;
    }

    /// <summary>Body limit, health and metrics endpoints; the caller adds its own error handling, authentication and authorization.</summary>
    public static WebApplication UseFrontendDefaults(this WebApplication app)
    {
        app.UseRequestBodyLimit();
        app.MapOutlayHealthChecks();
        app.MapPrometheusMetrics();
        return app;
    }
}
