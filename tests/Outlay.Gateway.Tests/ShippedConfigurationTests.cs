using Microsoft.Extensions.Configuration;

using Outlay.Gateway.Access;
using Outlay.Gateway.Configuration;

namespace Outlay.Gateway.Tests;

/// <summary>The route table and access map the gateway ships with are valid and say what ARCHITECTURE.md says.</summary>
public sealed class ShippedConfigurationTests
{
    private static GatewaySnapshot Shipped()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var options = new GatewayOptions();
        configuration.GetSection(GatewayOptions.Section).Bind(options);
        var (snapshot, errors) = GatewaySnapshotBuilder.Build(options, 1);
        Assert.Empty(errors);
        return snapshot!;
    }

    [Theory]
    [InlineData("POST", "/api/auth/login", "visitor", "Allow")]
    [InlineData("GET", "/.well-known/jwks.json", "visitor", "Allow")]
    [InlineData("POST", "/api/users", "visitor", "Allow")]
    [InlineData("POST", "/api/users/", "visitor", "Allow")]
    [InlineData("GET", "/api/users", "visitor", "Deny")]
    [InlineData("PUT", "/api/users", "visitor", "Deny")]
    [InlineData("DELETE", "/api/users", "visitor", "Deny")]
    [InlineData("POST", "/api/users/1", "visitor", "Deny")]
    [InlineData("POST", "/api/users/1/roles", "visitor", "Deny")]
    [InlineData("POST", "/api/users/me", "visitor", "Deny")]
    [InlineData("PUT", "/api/users/1", "user", "Deny")]
    [InlineData("GET", "/api/users/me", "visitor", "Deny")]
    [InlineData("GET", "/api/users/me", "user", "Allow")]
    [InlineData("GET", "/api/users", "user", "Deny")]
    [InlineData("GET", "/api/users", "admin", "Allow")]
    [InlineData("GET", "/api/products", "visitor", "Allow")]
    [InlineData("POST", "/api/products", "user", "Deny")]
    [InlineData("POST", "/api/products", "admin", "Allow")]
    [InlineData("GET", "/api/orders", "visitor", "Deny")]
    [InlineData("GET", "/api/categories", "visitor", "Allow")]
    [InlineData("POST", "/api/categories", "user", "Deny")]
    [InlineData("POST", "/api/categories", "admin", "Allow")]
    [InlineData("GET", "/api/expense-categories", "visitor", "Deny")]
    [InlineData("POST", "/api/expense-categories", "user", "Allow")]
    [InlineData("GET", "/api/expenses/summary", "user", "Allow")]
    [InlineData("POST", "/v1/expenses", "user", "Allow")]
    [InlineData("GET", "/api/budgets/status", "user", "Allow")]
    [InlineData("GET", "/api/claims", "user", "Allow")]
    [InlineData("GET", "/api/claims/queue", "user", "Deny")]
    [InlineData("GET", "/api/claims/queue", "approver", "Allow")]
    [InlineData("POST", "/api/claims/1/approve", "user", "Deny")]
    [InlineData("POST", "/api/claims/1/approve", "approver", "Allow")]
    [InlineData("POST", "/api/claims/1/reject", "user", "Deny")]
    [InlineData("POST", "/api/claims/1/reimburse", "approver", "Allow")]
    [InlineData("PUT", "/api/orders/1/status", "user", "Deny")]
    [InlineData("PUT", "/api/orders/1/status", "admin", "Allow")]
    [InlineData("POST", "/api/orders/1/cancel", "user", "Allow")]
    [InlineData("GET", "/api/reservations/1", "user", "Deny")]
    [InlineData("GET", "/api/reservations/1", "admin", "Allow")]
    [InlineData("GET", "/api/unknown", "admin", "Deny")]
    [InlineData("GET", "/", "visitor", "Allow")]
    public void The_shipped_access_map_follows_the_roles(string method, string path, string role, string expected) =>
        Assert.Equal(expected, Shipped().Access.Decide(method, path, [role]).ToString());

    /// <summary>The services behind the gateway that have dead letters and an OpenAPI document.</summary>
    public static readonly string[] Services = ["identity", "expenses", "catalog", "ordering"];

    private static readonly string[] Roles = ["visitor", "user", "approver", "admin"];

    /// <summary>Each service's dead letters: listed and replayed by admins only.</summary>
    public static TheoryData<string, string, string, string> DeadLetterAccess()
    {
        var table = new TheoryData<string, string, string, string>();
        foreach (var service in Services)
        {
            foreach (var role in Roles)
            {
                var expected = role == "admin" ? "Allow" : "Deny";
                table.Add("GET", $"/api/admin/messaging/{service}/dead-letters", role, expected);
                table.Add("POST", $"/api/admin/messaging/{service}/dead-letters/replay", role, expected);
            }
        }

        return table;
    }

    /// <summary>Each service's OpenAPI document: read by anyone, never written.</summary>
    public static TheoryData<string, string, string, string> OpenApiAccess()
    {
        var table = new TheoryData<string, string, string, string>();
        foreach (var service in Services)
        {
            foreach (var role in Roles)
            {
                table.Add("GET", $"/openapi/{service}/v1.json", role, "Allow");
                table.Add("POST", $"/openapi/{service}/v1.json", role, "Deny");
                table.Add("DELETE", $"/openapi/{service}/v1.json", role, "Deny");
            }
        }

        return table;
    }

    [Theory]
    [MemberData(nameof(DeadLetterAccess))]
    [MemberData(nameof(OpenApiAccess))]
    [InlineData("GET", "/api/admin/messaging/dead-letters", "admin", "Deny")]
    [InlineData("GET", "/api/admin/messaging/web/dead-letters", "admin", "Deny")]
    [InlineData("GET", "/api/admin/messaging/gateway/dead-letters", "admin", "Deny")]
    [InlineData("GET", "/openapi/web/v1.json", "admin", "Deny")]
    [InlineData("GET", "/openapi/v1.json", "visitor", "Deny")]
    public void The_shipped_access_map_opens_the_operator_surfaces_to_the_right_roles(string method, string path, string role, string expected) =>
        Assert.Equal(expected, Shipped().Access.Decide(method, path, [role]).ToString());

    public static TheoryData<string, string, string> OperatorRoutes()
    {
        var table = new TheoryData<string, string, string>();
        foreach (var service in Services)
        {
            table.Add("GET", $"/api/admin/messaging/{service}/dead-letters", service);
            table.Add("POST", $"/api/admin/messaging/{service}/dead-letters/replay", service);
            table.Add("GET", $"/openapi/{service}/v1.json", service);
        }

        return table;
    }

    [Theory]
    [MemberData(nameof(OperatorRoutes))]
    public void The_shipped_routes_send_each_services_operator_surfaces_to_that_service(string method, string path, string cluster) =>
        Assert.Equal(cluster, Shipped().Routes.Match(method, path).Route?.ClusterId);

    [Theory]
    [InlineData("DELETE", "/.well-known/jwks.json", "GET,HEAD")]
    [InlineData("POST", "/openapi/catalog/v1.json", "GET")]
    public void A_method_a_service_route_refuses_is_405_rather_than_the_web_uis_route(string method, string path, string allowed)
    {
        var match = Shipped().Routes.Match(method, path);

        Assert.Null(match.Route);
        Assert.Equal(allowed, string.Join(',', match.AllowedMethods!.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void The_docs_page_offers_the_document_of_every_service_the_gateway_routes_to()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var listed = configuration.GetSection(Docs.GatewayApiDocs.Section).Get<string[]>();
        var routed = Shipped().Routes.Routes.Select(r => r.ClusterId).Where(c => c != "web").Distinct().Order();

        Assert.Equal(Services, listed);
        Assert.Equal(Services.Order(), routed);
    }

    [Theory]
    [InlineData("/api/auth/login", "identity")]
    [InlineData("/api/users/me", "identity")]
    [InlineData("/v1/expenses/1", "expenses")]
    [InlineData("/api/orders", "ordering")]
    [InlineData("/api/categories", "catalog")]
    [InlineData("/api/expense-categories/1", "expenses")]
    [InlineData("/api/expenses/summary", "expenses")]
    [InlineData("/api/budgets", "expenses")]
    [InlineData("/api/claims/queue", "expenses")]
    [InlineData("/api/reservations/1", "catalog")]
    [InlineData("/", "web")]
    [InlineData("/cart", "web")]
    public void The_shipped_routes_reach_their_services(string path, string cluster) =>
        Assert.Equal(cluster, Shipped().Routes.Match("GET", path).Route?.ClusterId);

    [Fact]
    public void Creating_an_account_at_api_users_has_the_sign_up_rate_limit_and_the_rest_of_api_users_has_none()
    {
        var routes = Shipped().Routes;
        var signUp = routes.Match("POST", "/api/auth/register").Route!;
        var create = routes.Match("POST", "/api/users").Route!;
        Assert.Equal("identity", create.ClusterId);
        Assert.NotEqual(signUp.Id, create.Id);
        Assert.Equal(signUp.RateLimit!.PermitsPerSecond, create.RateLimit!.PermitsPerSecond);
        Assert.Equal(signUp.RateLimit.Burst, create.RateLimit.Burst);
        foreach (var (method, path) in new[] { ("GET", "/api/users"), ("PUT", "/api/users/1"), ("GET", "/api/users/me"), ("PUT", "/api/users/1/roles") })
        {
            var route = routes.Match(method, path).Route!;
            Assert.Equal("identity", route.ClusterId);
            Assert.Null(route.RateLimit);
        }
    }
}
