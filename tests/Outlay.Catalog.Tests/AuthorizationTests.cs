using System.Net;
using System.Net.Http.Json;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Testing;

namespace Outlay.Catalog.Tests;

/// <summary>Who may call what: visitors browse, users browse, only admins change the catalog.</summary>
public abstract class AuthorizationTests<THost>(THost host) : IClassFixture<THost> where THost : CatalogHost
{
    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "POST", "/api/categories" },
        { "PUT", "/api/categories/{category}" },
        { "POST", "/api/products" },
        { "PUT", "/api/products/{product}" },
        { "POST", "/api/products/{product}/restock" },
        { "POST", "/api/products/{product}/retire" },
        { "GET", "/api/reservations/{product}" },
        { "GET", "/api/admin/messaging/catalog/dead-letters" },
        { "POST", "/api/admin/messaging/catalog/dead-letters/replay" },
    };

    public static TheoryData<string> PublicEndpoints => new()
    {
        "/api/products",
        "/api/products/{product}",
        "/api/categories",
        "/api/categories/{category}/products",
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoints_are_401_anonymous_403_for_users_and_approvers_and_open_to_admins(string method, string path)
    {
        var url = await UrlAsync(path);
        var before = await ChangesAsync();

        await ProblemAssert.IsProblemAsync(await host.Client().SendAsync(Request(method, url)), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await host.As().SendAsync(Request(method, url)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await host.As("approver").SendAsync(Request(method, url)), HttpStatusCode.Forbidden);
        Assert.Equal(before, await ChangesAsync());
        var asAdmin = await host.Admin().SendAsync(Request(method, url));
        Assert.NotEqual(HttpStatusCode.Unauthorized, asAdmin.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, asAdmin.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PublicEndpoints))]
    public async Task Browsing_is_open_to_visitors(string path)
    {
        var response = await host.Client().GetAsync(await UrlAsync(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_or_foreign_token_is_401_with_a_bearer_challenge()
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Shared.Issue(Guid.NewGuid(), "a@example.com", DateTime.UtcNow.AddMinutes(-5), "admin"));
        var response = await client.PostAsJsonAsync("/api/categories", new { name = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public void Every_endpoint_declares_who_may_call_it()
    {
        _ = host.Client();
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= 12, $"Expected Catalog's endpoints, found {endpoints.Count}.");
        Assert.DoesNotContain(endpoints, e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null);
    }

    private async Task<string> UrlAsync(string path)
    {
        var product = path.Contains("{product}", StringComparison.Ordinal) ? await FirstProductAsync() : Guid.Empty;
        var category = path.Contains("{category}", StringComparison.Ordinal) ? await host.CreateCategoryAsync() : Guid.Empty;
        return path.Replace("{product}", product.ToString(), StringComparison.Ordinal).Replace("{category}", category.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Outbox rows count every change the catalog made: refused calls must not add any.</summary>
    private Task<int> ChangesAsync() => host.WithDbAsync(db => db.Set<Outlay.Messaging.Outbox.OutboxMessage>().CountAsync());

    private async Task<Guid> FirstProductAsync() => (await host.CreateProductAsync()).GetProperty("id").GetGuid();

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method == "GET" ? null : JsonContent.Create(new { name = "Renamed " + Guid.NewGuid(), price = "1.00", currency = "EUR", quantity = 1 }),
    };
}

public sealed class AuthorizationOnSqlite(SqliteCatalog host) : AuthorizationTests<SqliteCatalog>(host);

public sealed class AuthorizationOnPostgres(PostgresCatalog host) : AuthorizationTests<PostgresCatalog>(host);
