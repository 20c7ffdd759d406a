using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Outlay.ServiceDefaults.Metrics;

// Temporary shape until the exporter lands in this folder.
internal static class PrometheusMetricsSetup
{
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapPrometheusMetrics(this IEndpointRouteBuilder app) => app;
}
