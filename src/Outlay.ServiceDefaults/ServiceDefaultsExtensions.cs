using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.Health;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Lifetime;
using Outlay.ServiceDefaults.Logging;
using Outlay.ServiceDefaults.Metrics;
using Outlay.ServiceDefaults.OpenApi;
using Outlay.ServiceDefaults.Problems;
using Outlay.ServiceDefaults.Registration;

namespace Outlay.ServiceDefaults;

/// <summary>The mechanics every Outlay service shares, added in one call and mapped in another.</summary>
public static class ServiceDefaultsExtensions
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        // First of the hosted services: it reports (or, asked to, only checks) settings nothing reads.
        builder.Services.AddHostedService<UnknownSettingsCheck>();
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.AddOutlayLogging();
        builder.AddRequestBodyLimit();
        // Binding failures become exceptions so that one handler turns every one of them into a problem response.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOutlayProblemDetails();
        builder.Services.AddOutlayHealthChecks();
        builder.Services.AddPrometheusMetrics();
        builder.AddOutlayAuthentication();
        builder.Services.AddOutlayOpenApi(serviceName);
        builder.Services.AddParentProcessWatcher(builder.Configuration);
        builder.Services.AddGatewayRegistration(builder.Configuration);
        return builder;
    }

    /// <summary>Adds the shared middleware and endpoints; call before mapping the service's own endpoints.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseOutlayProblemDetails();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOutlayHealthChecks();
        app.MapPrometheusMetrics();
        app.MapOutlayOpenApi();
        return app;
    }
}

/// <summary>The name a service reports in logs, metrics and problem responses.</summary>
public sealed record ServiceIdentity(string Name);
