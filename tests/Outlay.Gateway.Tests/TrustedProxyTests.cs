using System.Net.Http.Json;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;

namespace Outlay.Gateway.Tests;

/// <summary>X-Forwarded-* from a configured proxy are believed and extended; from anyone else they are replaced.</summary>
public sealed class TrustedProxyTests
{
    private static async Task<EchoReply> SendThroughAsync(string[] trustedProxies, string? forwardedFor)
    {
        await using var backend = await Backend.StartAsync("b1");
        var config = GatewayConfig.OpenRoute("svc", backend);
        config["TrustedProxies"] = new JsonArray([.. trustedProxies.Select(p => (JsonNode)p)]);
        await using var gateway = await GatewayHost.StartAsync(config);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo/x");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "shop.example");
        }

        var echo = await (await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<EchoReply>(TestContext.Current.CancellationToken);
        gateway.DeleteFolder();
        return echo!;
    }

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.7", "203.0.113.7, 127.0.0.1")]
    [InlineData("127.0.0.0/8", "203.0.113.7", "203.0.113.7, 127.0.0.1")]
    [InlineData("127.0.0.1", "198.51.100.1, 203.0.113.7", "198.51.100.1, 203.0.113.7, 127.0.0.1")]
    public async Task A_trusted_proxy_s_forwarded_headers_are_kept_and_its_address_appended(string trusted, string incoming, string forwarded)
    {
        var echo = await SendThroughAsync([trusted], incoming);

        Assert.Equal(forwarded, echo.Header("X-Forwarded-For"));
        Assert.Equal("https", echo.Header("X-Forwarded-Proto"));
        Assert.Equal("shop.example", echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task A_trusted_proxy_that_sends_no_forwarded_headers_is_itself_the_client()
    {
        var echo = await SendThroughAsync(["127.0.0.1"], forwardedFor: null);

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_outside_the_trusted_ranges_are_replaced()
    {
        var echo = await SendThroughAsync(["10.0.0.0/8", "::1"], "203.0.113.7");

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.NotEqual("shop.example", echo.Header("X-Forwarded-Host"));
    }
}
