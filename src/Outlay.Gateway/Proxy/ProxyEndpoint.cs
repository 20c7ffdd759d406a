using System.Diagnostics;

using Microsoft.AspNetCore.Diagnostics;

using Outlay.Gateway.Access;
using Outlay.Gateway.Clusters;
using Outlay.Gateway.Configuration;
using Outlay.Gateway.Observability;
using Outlay.Gateway.RateLimiting;

namespace Outlay.Gateway.Proxy;

/// <summary>
/// Every request the gateway does not answer itself: guards, route, access map, rate limits, load shedding,
/// then the attempts. Each refusal is an RFC 9457 problem; the metrics see every outcome.
/// </summary>
internal static class ProxyEndpoint
{
    public static IEndpointConventionBuilder MapProxy(this IEndpointRouteBuilder app)
    {
        // Resolved once, not per request: they are singletons, and at proxy rates the lookups show in profiles.
        var services = app.ServiceProvider;
        var config = services.GetRequiredService<GatewayConfigProvider>();
        var clusters = services.GetRequiredService<ClusterStore>();
        var rateLimiter = services.GetRequiredService<GatewayRateLimiter>();
        var shedder = services.GetRequiredService<LoadShedder>();
        var attempts = services.GetRequiredService<ProxyAttempts>();
        var metrics = services.GetRequiredService<GatewayMetrics>();
        return app.MapFallback("{**path}", context => HandleAsync(context, config, clusters, rateLimiter, shedder, attempts, metrics))
            .AllowAnonymous()
            .WithMetadata(new RouteDecidesBodyLimit(), new ProxiedTraffic())
            .ExcludeFromDescription();
    }

    private static async Task HandleAsync(
        HttpContext context, GatewayConfigProvider config, ClusterStore clusters, GatewayRateLimiter rateLimiter,
        LoadShedder shedder, ProxyAttempts attempts, GatewayMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        // Upstream statuses pass through as they are; the shared status-code pages must not dress them up.
        context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        var snapshot = config.Current;
        var routeId = "none";
        var clusterId = "none";
        try
        {
            if (RequestGuards.Smuggling(context.Request) is { } smuggling)
            {
                context.Response.Headers.Connection = "close";
                metrics.Rejected("malformed");
                await GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "The request is malformed.", smuggling);
                return;
            }

            var match = snapshot.Routes.Match(context.Request.Method, context.Request.Path);
            if (match.Route is not { } route)
            {
                metrics.Rejected("no_route");
                if (match.AllowedMethods is { } allowed)
                {
                    context.Response.Headers.Allow = string.Join(", ", allowed.Order(StringComparer.Ordinal));
                    await GatewayProblems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "This method is not routed for this path.");
                }
                else
                {
                    await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "No route matches this path.");
                }

                return;
            }

            routeId = route.Id;
            clusterId = route.ClusterId;
            if (!await AccessGate.CheckAsync(context, snapshot))
            {
                metrics.Rejected("access");
                return;
            }

            if (rateLimiter.TryAcquire(snapshot, route, AccessGate.ClientKey(context, snapshot)) is { } wait)
            {
                metrics.Rejected("rate_limit");
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await GatewayProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests.", "Slow down and retry after the time in Retry-After.");
                return;
            }

            if (!RequestGuards.ApplyBodyLimit(context, route))
            {
                metrics.Rejected("body_too_large");
                await GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
                return;
            }

            if (clusters.Get(route.ClusterId) is not { } cluster)
            {
                await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The route's cluster is not available.");
                return;
            }

            if (!shedder.TryEnter(snapshot.MaxConcurrentRequests))
            {
                metrics.Rejected("overload");
                context.Response.Headers.RetryAfter = "1";
                await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The gateway is overloaded.", "Retry shortly.");
                return;
            }

            try
            {
                await attempts.ForwardAsync(context, snapshot, route, cluster);
            }
            finally
            {
                shedder.Exit();
            }
        }
        finally
        {
            metrics.RequestCompleted(routeId, clusterId, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }
}

/// <summary>Counts requests in flight so that the gateway sheds load (503) instead of queueing without bound.</summary>
internal sealed class LoadShedder
{
    private int _inFlight;

    public bool TryEnter(int limit)
    {
        if (Interlocked.Increment(ref _inFlight) <= limit || limit == 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
