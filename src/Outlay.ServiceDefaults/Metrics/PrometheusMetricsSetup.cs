using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outlay.ServiceDefaults.Configuration;

namespace Outlay.ServiceDefaults.Metrics;

internal static class PrometheusMetricsSetup
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<PrometheusMetricsOptions>().BindConfiguration(PrometheusMetricsOptions.SectionName);
        services.DeclareSettings<PrometheusMetricsOptions>(PrometheusMetricsOptions.SectionName);
        services.TryAddSingleton<MetricsCollector>();
        services.AddHostedService<MetricsCollectorHostedService>();
        return services;
    }

    public static IEndpointRouteBuilder MapPrometheusMetrics(this IEndpointRouteBuilder app)
    {
        // Scrapers do not authenticate; operators restrict /metrics at the network edge (the gateway does not route it).
        app.MapGet("/metrics", static (MetricsCollector collector) => Results.Text(collector.Scrape(), ContentType))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
