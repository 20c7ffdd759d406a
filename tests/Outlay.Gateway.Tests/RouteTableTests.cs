using Microsoft.AspNetCore.Http;

using Outlay.Gateway.Routing;

namespace Outlay.Gateway.Tests;

/// <summary>Which route a request takes: longest prefix on whole segments, then the route that names the method.</summary>
public sealed class RouteTableTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Of_two_routes_with_one_prefix_the_one_naming_the_method_wins_in_any_order(bool methodRouteFirst)
    {
        var everyMethod = Route("users", "/api/users", methods: null);
        var postOnly = Route("users-create", "/api/users", methods: ["POST"]);
        var table = new RouteTable(methodRouteFirst ? [postOnly, everyMethod] : [everyMethod, postOnly]);

        Assert.Equal("users-create", table.Match("POST", "/api/users").Route?.Id);
        Assert.Equal("users", table.Match("GET", "/api/users").Route?.Id);
        Assert.Equal("users", table.Match("PUT", "/api/users/1").Route?.Id);
    }

    [Fact]
    public void A_longer_prefix_still_wins_over_a_route_naming_the_method()
    {
        var table = new RouteTable([Route("api-posts", "/api", methods: ["POST"]), Route("orders", "/api/orders", methods: null)]);
        Assert.Equal("orders", table.Match("POST", "/api/orders").Route?.Id);
        Assert.Equal("api-posts", table.Match("POST", "/api/other").Route?.Id);
        Assert.Null(table.Match("GET", "/api/other").Route);
        Assert.Equal(["POST"], table.Match("GET", "/api/other").AllowedMethods);
    }

    [Fact]
    public void A_method_the_longest_prefix_refuses_is_405_not_a_shorter_prefixs_route()
    {
        var table = new RouteTable([Route("web", "/", methods: null), Route("keys", "/.well-known", methods: ["GET", "HEAD"])]);

        var refused = table.Match("DELETE", "/.well-known/jwks");

        Assert.Null(refused.Route);
        Assert.Equal(["GET", "HEAD"], refused.AllowedMethods!.Order(StringComparer.Ordinal));
        Assert.Equal("keys", table.Match("GET", "/.well-known/jwks").Route?.Id);
        Assert.Equal("web", table.Match("DELETE", "/.well-known-ish").Route?.Id);
    }

    private static GatewayRoute Route(string id, string prefix, string[]? methods) =>
        new(id, new PathString(prefix), methods is null ? null : new HashSet<string>(methods, StringComparer.OrdinalIgnoreCase), "svc", false, null, null);
}
