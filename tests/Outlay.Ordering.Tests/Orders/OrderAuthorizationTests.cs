using System.Net;
using System.Net.Http.Json;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Testing;

namespace Outlay.Ordering.Tests.Orders;

/// <summary>Every order endpoint needs a signed-in user; changing the status needs an admin; refused calls change nothing.</summary>
public abstract class OrderAuthorizationTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : OrderingFixture
{
    public static TheoryData<string, string> UserEndpoints => new()
    {
        { "POST", "/api/orders" },
        { "GET", "/api/orders" },
        { "GET", "/api/orders/{order}" },
        { "POST", "/api/orders/{order}/cancel" },
        { "PUT", "/api/orders/{order}/details" },
        { "PUT", "/api/orders/{order}/status" },
    };

    [Theory]
    [MemberData(nameof(UserEndpoints))]
    public async Task Anonymous_callers_get_401_and_change_nothing(string method, string path)
    {
        var url = path.Replace("{order}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        var before = await fixture.Service.WithDbAsync(db => db.Orders.CountAsync());
        await ProblemAssert.IsProblemAsync(await fixture.Service.Client().SendAsync(Request(method, url)), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await fixture.Service.WithDbAsync(db => db.Orders.CountAsync()));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("approver")]
    public async Task Only_admins_change_an_orders_status(string role)
    {
        var product = await fixture.ProductAsync();
        var buyer = Guid.NewGuid();
        var placed = await fixture.Service.As(buyer).PostAsync("/api/orders", OrderingFixture.Order(product, 1, OrderingFixture.Address()));
        var order = (await placed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(await fixture.Service.As(buyer, role).SendAsync(Request("PUT", $"/api/orders/{order}/status")), HttpStatusCode.Forbidden);
        var admin = await fixture.Service.As(Guid.NewGuid(), "admin").SendAsync(Request("PUT", $"/api/orders/{order}/status"));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode); // cancelled by the admin
    }

    [Fact]
    public void Every_endpoint_declares_who_may_call_it()
    {
        var endpoints = fixture.Service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= 6, $"Expected Ordering's endpoints, found {endpoints.Count}.");
        Assert.DoesNotContain(endpoints, e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null);
    }

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method == "GET" ? null : JsonContent.Create(new { orderStatus = "cancelled", emails = new[] { "a@example.com" }, items = new[] { new { productId = Guid.NewGuid(), quantity = 1 } } }),
    };
}

public sealed class OrderAuthorizationOnSqlite(SqliteOrdering fixture) : OrderAuthorizationTests<SqliteOrdering>(fixture);

public sealed class OrderAuthorizationOnPostgres(PostgresOrdering fixture) : OrderAuthorizationTests<PostgresOrdering>(fixture);
