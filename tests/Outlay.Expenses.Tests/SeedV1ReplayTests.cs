using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>
/// Seed 004's <c>/v1/expenses</c>, replayed with the seed's own example bodies (verbatim) and compared field by
/// field with the seed's example responses.
/// </summary>
public abstract class SeedV1ReplayTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    // From seed 004, "POST /v1/expenses", request body, as written there.
    private const string SeedRequest = """
        {
            "name" : "Foo Bar",
            "email" : "foo@bar.com",
            "category" : "office supplies|travel|training",
            "description" : "iPad for office use",
            "link" : "http://www.apple.com/shop/buy-ipad/ipad-pro",
            "estimated_costs" : "700",
            "submit_date" : "09-08-2016"
        }
        """;

    // The seed's response body for both POST (201) and GET (200); "id" is whatever the server assigned.
    private const string SeedResponse = """
        {
            "id" : "123456",
            "name" : "Foo Bar",
            "email" : "foo@bar.com",
            "category" : "office supplies|travel|training",
            "description" : "iPad for office use",
            "link" : "http://www.apple.com/shop/buy-ipad/ipad-pro",
            "estimated_costs" : "700",
            "submit_date" : "09-08-2016",
            "status" : "pending",
            "decision_date" : ""
        }
        """;

    private const string SeedUpdate = """
        {
            "estimated_costs" : "800"
        }
        """;

    [Fact]
    public async Task The_seed_examples_replay_field_by_field()
    {
        var client = host.As(host.NewUser());
        var post = await client.PostAsync("/v1/expenses", HttpJson.RawJson(SeedRequest));
        var created = await post.JsonAsync(HttpStatusCode.Created);
        AssertSameFields(JsonDocument.Parse(SeedResponse).RootElement, created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/expenses/{id}", post.Headers.Location?.ToString());

        var read = await (await client.GetAsync($"/v1/expenses/{id}")).JsonAsync(HttpStatusCode.OK);
        AssertSameFields(JsonDocument.Parse(SeedResponse).RootElement, read);
        Assert.Equal(id, read.GetProperty("id").GetString());

        var put = await client.PutAsync($"/v1/expenses/{id}", HttpJson.RawJson(SeedUpdate));
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        var updated = await (await client.GetAsync($"/v1/expenses/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("800", updated.GetProperty("estimated_costs").GetString());
        Assert.Equal("iPad for office use", updated.GetProperty("description").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/expenses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/expenses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/v1/expenses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync($"/v1/expenses/{id}", HttpJson.RawJson(SeedUpdate))).StatusCode);
    }

    [Fact]
    public async Task V1_records_are_claims_and_follow_the_workflow()
    {
        var submitter = host.NewUser();
        var id = (await (await host.As(submitter).PostAsync("/v1/expenses", HttpJson.RawJson(SeedRequest))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var claim = await host.As(submitter).GetFromJsonAsync<JsonElement>($"/api/claims/{id}");
        Assert.Equal("700.00", claim.GetProperty("estimatedCost").GetString());
        Assert.Equal("2016-09-08", claim.GetProperty("submittedOn").GetString());
        Assert.Equal("Foo Bar", claim.GetProperty("submitter").GetProperty("name").GetString());

        (await host.As(host.NewUser("approver")).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/approve", new { }, "\"1\"")).EnsureSuccessStatusCode();
        var v1 = await host.As(submitter).GetFromJsonAsync<JsonElement>($"/v1/expenses/{id}");
        Assert.Equal("approved", v1.GetProperty("status").GetString());
        Assert.Matches(@"^\d{2}-\d{2}-\d{4}$", v1.GetProperty("decision_date").GetString());
        await ProblemAssert.IsProblemAsync(await host.As(submitter).PutAsync($"/v1/expenses/{id}", HttpJson.RawJson(SeedUpdate)), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await host.As(submitter).DeleteAsync($"/v1/expenses/{id}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task V1_needs_a_token_and_hides_other_users_records()
    {
        var owner = host.NewUser();
        var id = (await (await host.As(owner).PostAsync("/v1/expenses", HttpJson.RawJson(SeedRequest))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var anonymous = await host.Client().PostAsync("/v1/expenses", HttpJson.RawJson(SeedRequest));
        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var stranger = host.As(host.NewUser());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/expenses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsync($"/v1/expenses/{id}", HttpJson.RawJson(SeedUpdate))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/v1/expenses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As(host.NewUser("approver")).GetAsync($"/v1/expenses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/v1/expenses/123456")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"Foo","email":"foo@bar.com","category":"travel","description":"x","estimated_costs":"700","submit_date":"2016-09-08"}""", "submit_date")]
    [InlineData("""{"name":"Foo","email":"foo@bar.com","category":"travel","description":"x","estimated_costs":"seven","submit_date":"09-08-2016"}""", "estimated_costs")]
    [InlineData("""{"name":"Foo","email":"not-an-email","category":"travel","description":"x","estimated_costs":"700"}""", "email")]
    [InlineData("""{"name":"Foo","email":"foo@bar.com","description":"x","estimated_costs":"700"}""", "category")]
    public async Task V1_validation_names_the_seed_fields(string body, string field) =>
        await ProblemAssert.IsProblemAsync(await host.As(host.NewUser()).PostAsync("/v1/expenses", HttpJson.RawJson(body)), HttpStatusCode.BadRequest, field);

    private static void AssertSameFields(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var field in expected.EnumerateObject())
        {
            Assert.Equal(JsonValueKind.String, actual.GetProperty(field.Name).ValueKind);
            if (field.Name != "id")
            {
                Assert.Equal(field.Value.GetString(), actual.GetProperty(field.Name).GetString());
            }
        }

        Assert.False(string.IsNullOrEmpty(actual.GetProperty("id").GetString()));
    }
}

public sealed class SeedV1ReplayOnSqlite(SqliteExpenses host) : SeedV1ReplayTests<SqliteExpenses>(host);

public sealed class SeedV1ReplayOnPostgres(PostgresExpenses host) : SeedV1ReplayTests<PostgresExpenses>(host);
