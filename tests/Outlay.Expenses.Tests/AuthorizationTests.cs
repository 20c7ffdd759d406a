using System.Net;
using System.Net.Http.Json;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>Who may call what: anonymous, a user, another user, an approver and an admin, over every endpoint.</summary>
public abstract class AuthorizationTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    /// <summary>Every endpoint of the service, with the least role it needs.</summary>
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "GET", "/api/expenses", "user" },
        { "POST", "/api/expenses", "user" },
        { "GET", "/api/expenses/{id}", "user" },
        { "PUT", "/api/expenses/{id}", "user" },
        { "PATCH", "/api/expenses/{id}", "user" },
        { "DELETE", "/api/expenses/{id}", "user" },
        { "GET", "/api/expenses/by_category/{id}", "user" },
        { "GET", "/api/expenses/summary", "user" },
        { "GET", "/api/expenses/export.csv", "user" },
        { "POST", "/api/expenses/import", "user" },
        { "GET", "/api/expenses/settings", "user" },
        { "PUT", "/api/expenses/settings", "user" },
        { "GET", "/api/categories", "user" },
        { "POST", "/api/categories", "user" },
        { "GET", "/api/categories/{id}", "user" },
        { "PUT", "/api/categories/{id}", "user" },
        { "DELETE", "/api/categories/{id}", "user" },
        { "GET", "/api/expense-categories", "user" },
        { "POST", "/api/expense-categories", "user" },
        { "GET", "/api/expense-categories/{id}", "user" },
        { "PUT", "/api/expense-categories/{id}", "user" },
        { "DELETE", "/api/expense-categories/{id}", "user" },
        { "GET", "/api/budgets", "user" },
        { "GET", "/api/budgets/status", "user" },
        { "POST", "/api/budgets", "user" },
        { "PUT", "/api/budgets/{id}", "user" },
        { "DELETE", "/api/budgets/{id}", "user" },
        { "GET", "/api/claims", "user" },
        { "POST", "/api/claims", "user" },
        { "GET", "/api/claims/{id}", "user" },
        { "PUT", "/api/claims/{id}", "user" },
        { "DELETE", "/api/claims/{id}", "user" },
        { "GET", "/api/claims/queue", "approver" },
        { "POST", "/api/claims/{id}/approve", "approver" },
        { "POST", "/api/claims/{id}/reject", "approver" },
        { "POST", "/api/claims/{id}/reimburse", "approver" },
        { "POST", "/v1/expenses", "user" },
        { "GET", "/v1/expenses/{id}", "user" },
        { "PUT", "/v1/expenses/{id}", "user" },
        { "DELETE", "/v1/expenses/{id}", "user" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_is_401_anonymous_403_below_its_role_and_open_at_it(string method, string path, string role)
    {
        var url = path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        var anonymous = await host.Client().SendAsync(Request(method, url));
        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        var user = await host.As(host.NewUser()).SendAsync(Request(method, url));
        if (role == "approver")
        {
            await ProblemAssert.IsProblemAsync(user, HttpStatusCode.Forbidden);
        }
        else
        {
            Assert.NotEqual(HttpStatusCode.Forbidden, user.StatusCode);
            Assert.NotEqual(HttpStatusCode.Unauthorized, user.StatusCode);
        }

        foreach (var granted in new[] { "approver", "admin" })
        {
            var response = await host.As(host.NewUser(granted)).SendAsync(Request(method, url));
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_forged_or_expired_token_is_401()
    {
        var id = Guid.NewGuid();
        var expired = host.Tokens.Issue(id, "late@example.com", DateTime.UtcNow.AddMinutes(-10));
        var forged = new TestTokens().Issue(id, "forger@example.com", "admin");
        foreach (var token in new[] { expired, forged, "not.a.token" })
        {
            var client = host.Client();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses"), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Nobody_reads_or_changes_another_users_expense_whatever_their_role()
    {
        var owner = host.As(host.NewUser());
        var created = await (await owner.PostAsJsonAsync("/api/expenses", new { amount = "42", description = "Private" })).JsonAsync(HttpStatusCode.Created);
        var url = $"/api/expenses/{created.GetProperty("id").GetGuid()}";
        foreach (var intruder in new[] { host.NewUser(), host.NewUser("approver"), host.NewUser("admin") })
        {
            var client = host.As(intruder);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendJsonAsync(HttpMethod.Put, url, new { amount = "1", description = "mine now" }, "*")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendJsonAsync(HttpMethod.Patch, url, new { amount = "1" }, "*")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(url)).StatusCode);
            Assert.Empty((await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/expenses")).GetProperty("items").EnumerateArray());
            Assert.Empty((await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/expenses/summary")).GetProperty("totals").EnumerateArray());
            Assert.Equal("id,spent_on,amount,currency,category,description,merchant,tags,notes", (await client.GetStringAsync("/api/expenses/export.csv")).Trim());
        }

        var still = await owner.GetFromJsonAsync<System.Text.Json.JsonElement>(url);
        Assert.Equal("Private", still.GetProperty("description").GetString());
        Assert.Equal(1, still.GetProperty("version").GetInt32());
    }

    [Fact]
    public void Every_endpoint_declares_who_may_call_it_and_is_in_the_matrix()
    {
        _ = host.Client();
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) || e.RoutePattern.RawText.StartsWith("/v1/", StringComparison.Ordinal))
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/api/admin/messaging", StringComparison.Ordinal)) // the shared dead-letter API, tested with Messaging
            .ToList();
        Assert.DoesNotContain(endpoints, e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null);
        var listed = Endpoints.Select(row => $"{row.Data.Item1} {row.Data.Item2}").ToHashSet();
        var actual = endpoints.Select(e => $"{e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0]} {Normalize(e.RoutePattern.RawText!)}").ToHashSet();
        Assert.Equal(listed.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    private static string Normalize(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route.TrimEnd('/'), @"\{[^}]+\}", "{id}");

    private static HttpRequestMessage Request(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = url.EndsWith("/import", StringComparison.Ordinal)
                ? new StringContent("spent_on,amount,description\n", System.Text.Encoding.UTF8, "text/csv")
                : JsonContent.Create(new { });
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        return request;
    }
}

public sealed class AuthorizationOnSqlite(SqliteExpenses host) : AuthorizationTests<SqliteExpenses>(host);

public sealed class AuthorizationOnPostgres(PostgresExpenses host) : AuthorizationTests<PostgresExpenses>(host);
