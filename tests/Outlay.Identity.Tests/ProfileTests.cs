using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Testing;

namespace Outlay.Identity.Tests;

public abstract class ProfileTests<THost>(THost host) : IClassFixture<THost> where THost : IdentityHost
{
    [Fact]
    public async Task A_profile_update_with_the_current_etag_is_saved_and_bumps_the_version()
    {
        var (client, email) = await SignedInUser();
        var current = await client.GetAsync("/api/users/me");
        var etag = current.Headers.ETag!.Tag;

        var updated = await client.SendAsync(Put("/api/users/me", AuthorizationTests<THost>.ValidProfile(email), etag));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var profile = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Jane", profile.GetProperty("firstName").GetString());
        Assert.Equal("94107", profile.GetProperty("deliveryAddress").GetProperty("postalCode").GetString());
        Assert.Equal("14155551234", profile.GetProperty("phoneNumber").GetString());
        Assert.Equal(2, profile.GetProperty("version").GetInt32());
        Assert.True(profile.GetProperty("updatedAt").GetDateTime() >= profile.GetProperty("createdAt").GetDateTime());
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_stale_etag_is_412_a_missing_one_428_and_neither_changes_anything()
    {
        var (client, email) = await SignedInUser();
        var stale = (await client.GetAsync("/api/users/me")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put("/api/users/me", AuthorizationTests<THost>.ValidProfile(email), stale))).StatusCode);

        var lost = new { firstName = "Lost", lastName = "Update", emails = new[] { email } };
        await ProblemAssert.IsProblemAsync(await client.SendAsync(Put("/api/users/me", lost, stale)), HttpStatusCode.PreconditionFailed);
        await ProblemAssert.IsProblemAsync(await client.SendAsync(Put("/api/users/me", lost, null)), HttpStatusCode.PreconditionRequired);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.Equal("Jane", me.GetProperty("firstName").GetString());
    }

    public static TheoryData<string, string> InvalidProfiles => new()
    {
        { """{"firstName":"A","lastName":"B","emails":[]}""", "emails" },
        { """{"firstName":"A","lastName":"B","emails":["not-an-email"]}""", "emails[0]" },
        { """{"firstName":"A","lastName":"B","emails":["a@example.com","A@example.com"]}""", "emails" },
        { """{"firstName":"A","lastName":"B","emails":["ok@example.com"],"phoneNumber":"12345"}""", "phoneNumber" },
        { """{"firstName":"A","lastName":"B","emails":["ok@example.com"],"phoneNumber":"+14155551234"}""", "phoneNumber" },
        { """{"firstName":"A","lastName":"B","emails":["ok@example.com"],"deliveryAddress":{"street":"1 Main"}}""", "deliveryAddress.city" },
        { """{"firstName":"","lastName":"B","emails":["ok@example.com"]}""", "firstName" },
        { """{"firstName":"A","lastName":"B","emails":"ok@example.com"}""", "$.emails" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Invalid_profiles_get_field_errors_and_change_nothing(string json, string field)
    {
        var (client, _) = await SignedInUser();
        var before = await client.GetFromJsonAsync<JsonElement>("/api/users/me");
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/users/me") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.IfMatch.ParseAdd("*");
        await ProblemAssert.IsProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, field);
        var after = await client.GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task An_email_of_another_account_cannot_be_claimed()
    {
        var taken = IdentityHost.NewEmail();
        await host.RegisterAsync(taken);
        var (client, email) = await SignedInUser();
        var response = await client.SendAsync(Put("/api/users/me", new { firstName = "A", lastName = "B", emails = new[] { email, taken.ToUpperInvariant() } }, "*"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "emails[1]");
    }

    [Fact]
    public async Task Contact_emails_can_be_reordered_and_replaced()
    {
        var (client, email) = await SignedInUser();
        var second = IdentityHost.NewEmail();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Put("/api/users/me", new { firstName = "A", lastName = "B", emails = new[] { email, second } }, "*"))).StatusCode);
        var swapped = await client.SendAsync(Put("/api/users/me", new { firstName = "A", lastName = "B", emails = new[] { second, email } }, "*"));
        Assert.Equal(HttpStatusCode.OK, swapped.StatusCode);
        var me = await swapped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([second, email], me.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(email, me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Malformed_and_oversized_requests_are_problems_and_create_nothing()
    {
        var client = host.Client();
        var before = await host.WithDbAsync(db => db.Accounts.CountAsync());
        var bodies = new[]
        {
            ("{\"email\":", "$.email"),
            ("{\"email\":123,\"password\":\"x\"}", "$.email"),
            ("[1,2,3]", "$"),
            ("{}", "email"),
        };
        foreach (var (body, field) in bodies)
        {
            var response = await client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);
        }

        var huge = "{\"email\":\"a@example.com\",\"password\":\"" + new string('x', 200_000) + "\"}";
        var tooLarge = await client.PostAsync("/api/auth/register", new StringContent(huge, Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);

        var wrongType = await client.PostAsync("/api/auth/register", new StringContent("email=a", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await ProblemAssert.IsProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await host.WithDbAsync(db => db.Accounts.CountAsync()));
    }

    private async Task<(HttpClient Client, string Email)> SignedInUser()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        return (await host.SignedInAsync(email), email);
    }

    private static HttpRequestMessage Put(string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.ParseAdd(ifMatch);
        }

        return request;
    }
}

public sealed class ProfileOnSqlite(SqliteIdentity host) : ProfileTests<SqliteIdentity>(host);

public sealed class ProfileOnPostgres(PostgresIdentity host) : ProfileTests<PostgresIdentity>(host);
