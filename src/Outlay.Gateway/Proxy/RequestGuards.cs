using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

using Outlay.Gateway.Forwarding;
using Outlay.Gateway.Routing;

namespace Outlay.Gateway.Proxy;

/// <summary>Request shapes the gateway refuses before routing: smuggling vectors and bodies over a route's limit.</summary>
internal static class RequestGuards
{
    /// <summary>Null when the request is acceptable, else the reason to refuse it with 400.</summary>
    public static string? Smuggling(HttpRequest request)
    {
        // Kestrel lets chunked win and moves the Content-Length to X-Content-Length (closing the connection after);
        // the gateway refuses the request outright rather than guess which framing the sender meant.
        if (request.Headers.ContainsKey(HeaderNames.TransferEncoding)
            && (request.Headers.ContainsKey(HeaderNames.ContentLength) || request.Headers.ContainsKey("X-Content-Length")))
        {
            return "A request must not carry both Content-Length and Transfer-Encoding.";
        }

        return WebSocketUpgrade.IsRefusedUpgrade(request) ? "Only WebSocket upgrades are supported; h2c and other upgrades are refused." : null;
    }

    /// <summary>Applies the route's body limit (none by default: bodies are streamed); false when already exceeded.</summary>
    public static bool ApplyBodyLimit(HttpContext context, GatewayRoute route)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = route.MaxRequestBodyBytes;
        }

        return route.MaxRequestBodyBytes is not { } limit || context.Request.ContentLength is not { } length || length <= limit;
    }
}

/// <summary>Tells the shared body-limit middleware that the proxy sets its own limit per route.</summary>
internal sealed class RouteDecidesBodyLimit : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => null;
}
