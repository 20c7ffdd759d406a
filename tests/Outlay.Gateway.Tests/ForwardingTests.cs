using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

using Outlay.Gateway.Tests.Infrastructure;

namespace Outlay.Gateway.Tests;

/// <summary>What the forwarding core does to a request and its answer, seen by a real backend and a real client.</summary>
public sealed class ForwardingTests : OpenGatewayTests
{
    [Fact]
    public async Task Method_path_query_and_body_reach_the_destination_unchanged()
    {
        using var content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json");
        var response = await Gateway.Client.PutAsync("/echo/items/a%20b?x=1&y=%2F", content, TestContext.Current.CancellationToken);
        var echo = await response.Content.ReadFromJsonAsync<EchoReply>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", echo!.Method);
        Assert.Equal("/echo/items/a b", echo.Path);
        Assert.Equal("?x=1&y=%2F", echo.Query);
        Assert.Equal(7, echo.BodyLength);
        Assert.Equal("application/json; charset=utf-8", echo.Header("Content-Type"));
        Assert.Equal(Destination.Url.Authority, echo.Header("Host"));
    }

    [Fact]
    public async Task Forwarded_headers_are_set_and_incoming_ones_are_not_trusted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/x");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("Forwarded", "for=6.6.6.6");
        var echo = await (await Gateway.Client.SendAsync(request, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<EchoReply>(TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1", echo!.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(Gateway.Url.Authority, echo.Header("X-Forwarded-Host"));
        Assert.Null(echo.Header("Forwarded"));
    }

    [Fact]
    public async Task Trace_context_and_request_id_are_propagated()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/x");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.Add("X-Request-Id", "req-123");
        var response = await Gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var echo = await response.Content.ReadFromJsonAsync<EchoReply>(TestContext.Current.CancellationToken);

        Assert.Contains(traceId, echo!.Header("traceparent"), StringComparison.Ordinal);
        Assert.Equal("req-123", echo.Header("X-Request-Id"));
        Assert.Equal("req-123", response.Headers.GetValues("X-Request-Id").Single());

        var fresh = await Gateway.Client.GetFromJsonAsync<EchoReply>("/echo/y", TestContext.Current.CancellationToken);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", fresh!.Header("traceparent"));
        Assert.Matches("^[0-9a-f]{32}$", fresh.Header("X-Request-Id"));
    }

    [Fact]
    public async Task Hop_by_hop_headers_including_those_named_in_Connection_are_removed()
    {
        // Raw bytes: HttpClient would refuse to send some of these headers itself. (Kestrel reduces a Connection
        // header that contains keep-alive to just "keep-alive", so the extension names are listed without it.)
        var reply = await RawHttp.SendAsync(Gateway.Url,
            "GET /echo/hop HTTP/1.1\r\nHost: x\r\nConnection: X-Secret-Hop, X-Other-Hop\r\nX-Secret-Hop: 1\r\nX-Other-Hop: 2\r\nKeep-Alive: timeout=5\r\n"
            + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nTE: trailers\r\nX-End-To-End: kept\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", reply, StringComparison.Ordinal);
        Assert.Contains("\"x-End-To-End\":\"kept\"", reply, StringComparison.OrdinalIgnoreCase);
        foreach (var name in new[] { "X-Secret-Hop", "X-Other-Hop", "Connection", "Keep-Alive", "Proxy-Authorization", "\"TE\"" })
        {
            Assert.DoesNotContain(name.Trim('"') + "\":", reply.Replace("\"x-End-To-End\"", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Upstream_statuses_and_empty_bodies_pass_through_as_they_are()
    {
        var response = await Gateway.Client.GetAsync("/status/404", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_failure_after_the_response_started_aborts_the_client_stream()
    {
        using var response = await Gateway.Client.GetAsync("/partial", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(async () => await stream.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_response_body_is_streamed_to_the_client()
    {
        using var response = await Gateway.Client.GetAsync("/download/50000000", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        Assert.Equal(50_000_000, await StreamBytes.CountToEndAsync(stream, TestContext.Current.CancellationToken));
    }
}

/// <summary>Talks HTTP/1.1 over a plain socket, for shapes a well-behaved client library will not produce.</summary>
internal static class RawHttp
{
    public static async Task<string> SendAsync(Uri server, string request, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                var text = Encoding.UTF8.GetString(received.ToArray());
                if (IsComplete(text))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Whatever arrived is the answer.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static bool IsComplete(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var head = text[..end];
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (lengthLine is not null)
        {
            return Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return head.Contains("chunked", StringComparison.OrdinalIgnoreCase) ? text.EndsWith("0\r\n\r\n", StringComparison.Ordinal) : false;
    }
}
