using Outlay.Gateway.Tests.Infrastructure;

namespace Outlay.Gateway.Tests;

/// <summary>What a destination says about its own connection stays on that connection: hop-by-hop response headers are dropped.</summary>
public sealed class ResponseHeaderTests
{
    /// <summary>Written by hand: a Kestrel backend would refuse or rewrite several of these headers.</summary>
    private const string UpstreamAnswer =
        "HTTP/1.1 200 OK\r\n"
        + "Connection: X-Hop-Secret, close\r\n"
        + "Keep-Alive: timeout=5, max=100\r\n"
        + "X-Hop-Secret: upstream-only\r\n"
        + "Proxy-Connection: keep-alive\r\n"
        + "Proxy-Authenticate: Basic realm=\"upstream\"\r\n"
        + "Proxy-Authentication-Info: nextnonce=\"abc\"\r\n"
        + "Upgrade: h2c\r\n"
        + "Trailer: X-Checksum\r\n"
        + "Transfer-Encoding: chunked\r\n"
        + "Content-Type: text/plain\r\n"
        + "X-End-To-End: kept\r\n"
        + "\r\n"
        + "5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n";

    [Fact]
    public async Task Hop_by_hop_response_headers_and_those_named_in_Connection_are_not_forwarded()
    {
        await using var upstream = new ScriptedServer(UpstreamAnswer);
        var config = GatewayConfig.OpenRoute("svc");
        config["Clusters"]!["svc"] = GatewayConfig.Cluster(("scripted", upstream.Url.ToString(), "v1"));
        await using var gateway = await GatewayHost.StartAsync(config);

        var reply = await RawHttp.SendAsync(gateway.Url, "GET /anything HTTP/1.1\r\nHost: x\r\n\r\n");
        var end = reply.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = reply[..end].Split("\r\n");
        var names = lines.Skip(1).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();

        Assert.Equal("HTTP/1.1 200 OK", lines[0]);
        Assert.Contains("X-End-To-End: kept", lines);
        Assert.Contains("Content-Type: text/plain", lines);
        foreach (var hop in new[] { "Connection", "Keep-Alive", "X-Hop-Secret", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authentication-Info", "Upgrade", "Trailer" })
        {
            Assert.DoesNotContain(hop, names, StringComparer.OrdinalIgnoreCase);
        }

        // The gateway frames the body itself: at most its own Transfer-Encoding, never the upstream's repeated.
        Assert.True(names.Count(n => n.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) <= 1, reply);
        Assert.Contains("hello", reply[(end + 4)..], StringComparison.Ordinal);
        gateway.DeleteFolder();
    }
}
