using System.Net;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>One gateway with an access map in the style of seed 002, shared by the tests of this class.</summary>
public sealed class AccessGateway : IAsyncLifetime
{
    internal Backend Backend { get; private set; } = null!;
    internal GatewayHost Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Backend = await Backend.StartAsync("api");
        var config = GatewayConfig.OpenRoute("api", Backend);
        config["Access"] = new JsonObject
        {
            ["Default"] = "Deny",
            ["Rules"] = new JsonArray(
                Rule("/echo/products/**", ["GET"], ["visitor"]),
                Rule("/echo/products/**", ["POST", "PUT", "DELETE"], ["admin"]),
                Rule("/echo/orders/**", [], ["user"]),
                Rule("/echo/claims/*/decision", ["PUT"], ["approver"]),
                Rule("/echo/internal/**", [], [])),
        };
        Gateway = await GatewayHost.StartAsync(config);
    }

    private static JsonObject Rule(string path, string[] methods, string[] roles) => new()
    {
        ["Path"] = path,
        ["Methods"] = new JsonArray([.. methods.Select(m => (JsonNode)m)]),
        ["Roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]),
    };

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Gateway.DeleteFolder();
        await Backend.DisposeAsync();
    }
}

/// <summary>The access map over routes × roles × verbs, and every way a token can be wrong.</summary>
public sealed class AccessTests(AccessGateway host) : IClassFixture<AccessGateway>
{
    public static TheoryData<string, string, string, int> Table => new()
    {
        { "GET", "/echo/products", "visitor", 200 },
        { "GET", "/echo/products/7", "user", 200 },
        { "POST", "/echo/products", "visitor", 401 },
        { "POST", "/echo/products", "user", 403 },
        { "POST", "/echo/products", "approver", 403 },
        { "POST", "/echo/products", "admin", 200 },
        { "DELETE", "/echo/products/7", "user", 403 },
        { "DELETE", "/echo/products/7", "admin", 200 },
        { "GET", "/echo/orders", "visitor", 401 },
        { "GET", "/echo/orders", "user", 200 },
        { "POST", "/echo/orders/1/cancel", "approver", 200 },
        { "PUT", "/echo/claims/5/decision", "user", 403 },
        { "PUT", "/echo/claims/5/decision", "approver", 200 },
        { "PUT", "/echo/claims/5/decision", "admin", 200 },
        { "GET", "/echo/claims/5/decision", "admin", 403 },
        { "GET", "/echo/claims/5/decision", "visitor", 401 },
        { "GET", "/echo/internal/keys", "admin", 403 },
        { "GET", "/echo/unlisted", "user", 403 },
        { "GET", "/echo/unlisted", "visitor", 401 },
        { "GET", "/ECHO/PRODUCTS/../orders", "visitor", 401 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task The_access_map_decides_before_anything_is_proxied(string method, string path, string role, int expected)
    {
        var client = role == "visitor" ? host.Gateway.Client : host.Gateway.WithToken(TestTokens.Shared.ForSomeone(RolesOf(role)));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        if (expected == 200)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)expected);
        if (expected == 401)
        {
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("expired")]
    [InlineData("alg-none")]
    [InlineData("unknown-key")]
    [InlineData("garbage")]
    public async Task A_bad_token_is_401_even_where_visitors_are_allowed(string forgery)
    {
        var token = forgery switch
        {
            "tampered" => TestTokens.Tamper(TestTokens.Shared.ForSomeone()),
            "expired" => TestTokens.Shared.Expired("admin"),
            "alg-none" => TestTokens.AlgNone(Guid.NewGuid()),
            "unknown-key" => new TestTokens().ForSomeone("admin"),
            _ => "not.a.jwt",
        };
        var hitsBefore = host.Backend.Hits;

        foreach (var (method, path) in new[] { ("GET", "/echo/products"), ("POST", "/echo/products") })
        {
            var response = await host.Gateway.WithToken(token).SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        Assert.Equal(hitsBefore, host.Backend.Hits);
    }

    [Fact]
    public async Task The_token_is_passed_on_so_services_validate_it_themselves()
    {
        var token = TestTokens.Shared.ForSomeone("user");
        var echo = await (await host.Gateway.WithToken(token).GetAsync("/echo/orders", TestContext.Current.CancellationToken))
            .Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains(token, echo, StringComparison.Ordinal);
    }

    private static string[] RolesOf(string role) => role switch
    {
        "admin" => ["user", "admin"],
        "approver" => ["user", "approver"],
        _ => ["user"],
    };
}
