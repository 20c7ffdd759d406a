using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>Who may call what: anonymous, a user, another user, and an admin, over every endpoint.</summary>
public abstract class AuthorizationTests<THost>(THost host) : IClassFixture<THost> where THost : IdentityHost
{
    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "GET", "/api/users" },
        { "GET", "/api/users/{other}" },
        { "PUT", "/api/users/{other}" },
        { "PUT", "/api/users/{other}/roles" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoints_are_401_anonymous_403_for_users_and_open_to_admins(string method, string path)
    {
        var other = await host.RegisterAsync(IdentityHost.NewEmail());
        var url = path.Replace("{other}", other.ToString(), StringComparison.Ordinal);
        var userEmail = IdentityHost.NewEmail();
        await host.RegisterAsync(userEmail);

        await ProblemAssert.IsProblemAsync(await host.Client().SendAsync(Request(method, url)), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await (await host.SignedInAsync(userEmail)).SendAsync(Request(method, url)), HttpStatusCode.Forbidden);
        var asAdmin = await (await host.SignedInAsync(IdentityHost.AdminEmail, IdentityHost.AdminPassword)).SendAsync(Request(method, url));
        Assert.NotEqual(HttpStatusCode.Unauthorized, asAdmin.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, asAdmin.StatusCode);
    }

    [Fact]
    public async Task Anyone_may_create_an_account_with_post_api_users_but_nothing_else_under_api_users()
    {
        var anonymous = host.Client();
        var created = await anonymous.PostAsJsonAsync("/api/users", new { email = IdentityHost.NewEmail(), password = IdentityHost.Password, firstName = "Vi", lastName = "Sitor" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/users"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/users/{id}"), HttpStatusCode.Unauthorized);
        Assert.False((await anonymous.PostAsJsonAsync($"/api/users/{id}", new { })).IsSuccessStatusCode);
        Assert.False((await anonymous.PostAsJsonAsync($"/api/users/{id}/roles", new { roles = new[] { "admin" } })).IsSuccessStatusCode);

        // A signed-in user creating an account creates another plain account, never one with the caller's roles.
        var admin = await host.SignedInAsync(IdentityHost.AdminEmail, IdentityHost.AdminPassword);
        var byAdmin = await admin.PostAsJsonAsync("/api/users", new { email = IdentityHost.NewEmail(), password = IdentityHost.Password, firstName = "Ad", lastName = "Ded" });
        Assert.Equal(HttpStatusCode.Created, byAdmin.StatusCode);
        Assert.Equal(["user"], (await byAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_user_cannot_read_or_change_another_users_profile()
    {
        var victim = await host.RegisterAsync(IdentityHost.NewEmail());
        var attacker = await host.SignedInAsync(await RegisterNew());
        Assert.Equal(HttpStatusCode.Forbidden, (await attacker.GetAsync($"/api/users/{victim}")).StatusCode);
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/users/{victim}") { Content = JsonContent.Create(ValidProfile("x@example.com")) };
        update.Headers.IfMatch.ParseAdd("*");
        Assert.Equal(HttpStatusCode.Forbidden, (await attacker.SendAsync(update)).StatusCode);
        var me = await attacker.GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.NotEqual(victim, me.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Roles_are_changed_by_an_admin_and_appear_in_the_next_token()
    {
        var email = await RegisterNew();
        var id = (await (await host.SignedInAsync(email)).GetFromJsonAsync<JsonElement>("/api/users/me")).GetProperty("id").GetGuid();
        var admin = await host.SignedInAsync(IdentityHost.AdminEmail, IdentityHost.AdminPassword);

        var bad = new HttpRequestMessage(HttpMethod.Put, $"/api/users/{id}/roles") { Content = JsonContent.Create(new { roles = new[] { "superuser" } }) };
        bad.Headers.IfMatch.ParseAdd("*");
        await ProblemAssert.IsProblemAsync(await admin.SendAsync(bad), HttpStatusCode.BadRequest, "roles");

        var grant = new HttpRequestMessage(HttpMethod.Put, $"/api/users/{id}/roles") { Content = JsonContent.Create(new { roles = new[] { "approver" } }) };
        grant.Headers.IfMatch.ParseAdd("\"1\"");
        var granted = await admin.SendAsync(grant);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var me = await (await host.SignedInAsync(email)).GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.Equal(["approver", "user"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var token = (await host.LoginAsync(email)).GetProperty("accessToken").GetString()!;
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));
        Assert.Contains("approver", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_lists_and_searches_users_with_bounded_pages()
    {
        var email = await RegisterNew();
        var admin = await host.SignedInAsync(IdentityHost.AdminEmail, IdentityHost.AdminPassword);
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/users?search={Uri.EscapeDataString(email[..12].ToUpperInvariant())}&pageSize=5");
        Assert.Contains(page.GetProperty("items").EnumerateArray(), u => u.GetProperty("email").GetString() == email);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/users?pageSize=1000"), HttpStatusCode.BadRequest, "pageSize");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/users?page=0"), HttpStatusCode.BadRequest, "page");
    }

    [Fact]
    public void Every_endpoint_declares_who_may_call_it()
    {
        _ = host.Client();
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= 10, $"Expected Identity's endpoints, found {endpoints.Count}.");
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Empty(undeclared);
    }

    internal static object ValidProfile(string email) => new
    {
        firstName = "Jane",
        lastName = "Smith",
        emails = new[] { email },
        deliveryAddress = new { street = "456 Technology Boulevard", city = "San Francisco", state = "CA", postalCode = "94107", country = "USA" },
        phoneNumber = "14155551234",
    };

    private async Task<string> RegisterNew()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        return email;
    }

    private static HttpRequestMessage Request(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(url.EndsWith("/roles", StringComparison.Ordinal) ? new { roles = new[] { "user" } } : ValidProfile(IdentityHost.NewEmail()));
            request.Headers.IfMatch.ParseAdd("*");
        }

        return request;
    }
}

public sealed class AuthorizationOnSqlite(SqliteIdentity host) : AuthorizationTests<SqliteIdentity>(host);

public sealed class AuthorizationOnPostgres(PostgresIdentity host) : AuthorizationTests<PostgresIdentity>(host);
