using Microsoft.AspNetCore.Authentication;

namespace Outlay.Gateway.Proxy;

/// <summary>
/// Takes proxied traffic straight from routing to the proxy, past the middleware the gateway's own endpoints need
/// (exception pages, body limits, authorization policies, OpenAPI UI). Like Envoy's filter chain, the proxy path runs
/// only what it uses: the bearer token is validated when one is presented, and visitors skip authentication.
/// </summary>
internal static partial class ProxyShortcut
{
    public static WebApplication UseProxyShortcut(this WebApplication app)
    {
        // Explicit, so that the endpoint is known here, before the shared middleware.
        app.UseRouting();
        app.Use(next => context =>
            context.GetEndpoint() is { RequestDelegate: { } proxy } endpoint && endpoint.Metadata.GetMetadata<ProxiedTraffic>() is not null
                ? RunAsync(context, proxy)
                : next(context));
        return app;
    }

    private static async Task RunAsync(HttpContext context, RequestDelegate proxy)
    {
        try
        {
            if (context.Request.Headers.Authorization.Count > 0
                && await context.AuthenticateAsync() is { Principal: { } principal })
            {
                context.User = principal;
            }

            await proxy(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The shared exception handler is not on this path, so this is its stand-in: logged, and a problem if
            // the client has not received a head yet, else an aborted stream rather than a truncated "complete" one.
            LogUnhandled(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxyShortcut)), ex, context.Request.Path);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            await GatewayProblems.WriteAsync(context, StatusCodes.Status500InternalServerError, "The gateway failed to handle the request.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Proxying {Path} failed")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);
}

/// <summary>Marks the proxy's catch-all endpoint, which <see cref="ProxyShortcut"/> runs directly.</summary>
internal sealed class ProxiedTraffic;
