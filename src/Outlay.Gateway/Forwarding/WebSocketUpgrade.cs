using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Outlay.Gateway.Forwarding;

/// <summary>
/// WebSockets over HTTP/1.1: the upgrade request is repeated upstream, and once the destination switched
/// protocols both connections become one opaque tunnel copied in each direction until either side closes.
/// </summary>
internal static class WebSocketUpgrade
{
    public static bool IsWebSocket(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase);

    public static async Task<ForwarderResult> TunnelAsync(HttpContext context, IHttpUpgradeFeature upgrade, HttpResponseMessage response)
    {
        ResponseHeaderCopier.Copy(response, context.Response, keepUpgrade: true);
        var upstream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var client = await upgrade.UpgradeAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var toUpstream = PumpAsync(client, upstream, stop.Token);
        var toClient = PumpAsync(upstream, client, stop.Token);
        var first = await Task.WhenAny(toUpstream, toClient);
        await stop.CancelAsync();
        var failed = !await first;
        await upstream.DisposeAsync();
        await client.DisposeAsync();
        await Task.WhenAll(toUpstream, toClient);
        return new ForwarderResult(failed ? ForwarderError.UpgradedTunnel : ForwarderError.None, 101, RequestBodyStarted: true, ResponseStarted: true);
    }

    /// <summary>True when the source ended cleanly, false when either side broke.</summary>
    private static async Task<bool> PumpAsync(Stream source, Stream destination, CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellation);
                await destination.FlushAsync(cancellation);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return cancellation.IsCancellationRequested;
        }
    }

    /// <summary>An <c>Upgrade</c> the gateway will not carry: anything but WebSocket, notably h2c.</summary>
    public static bool IsRefusedUpgrade(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderNames.Upgrade) && !IsWebSocket(request)
        || request.Headers.ContainsKey("HTTP2-Settings");
}
