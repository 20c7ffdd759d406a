using Outlay.Gateway.Tests.Infrastructure;

namespace Outlay.Gateway.Tests;

/// <summary>Request shapes used for smuggling never reach a destination.</summary>
public sealed class SmugglingTests : OpenGatewayTests
{
    [Fact]
    public async Task Content_length_with_transfer_encoding_is_refused()
    {
        var reply = await RawHttp.SendAsync(Gateway.Url,
            "POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /echo/smuggled HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", reply, StringComparison.Ordinal);
        Assert.Equal(0, Destination.Hits);
    }

    [Fact]
    public async Task An_h2c_upgrade_is_refused()
    {
        var reply = await RawHttp.SendAsync(Gateway.Url,
            "GET /echo/x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", reply, StringComparison.Ordinal);
        Assert.Equal(0, Destination.Hits);
    }

    [Fact]
    public async Task A_websocket_is_proxied_both_ways()
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{Gateway.Url.Authority}/ws"), TestContext.Current.CancellationToken);
        var replies = new List<string>();
        foreach (var message in new[] { "hello", "again" })
        {
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(message), System.Net.WebSockets.WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
            replies.Add(System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);
        Assert.Equal(["b1:hello", "b1:again"], replies);
    }
}
