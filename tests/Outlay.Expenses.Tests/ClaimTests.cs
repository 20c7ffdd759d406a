using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>The claims API end to end: every transition by role and state, 409 and 412, the approver queue.</summary>
public abstract class ClaimTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    private static readonly object NewClaim = new
    {
        category = "travel",
        description = "Conference in Lisbon",
        link = "https://example.com/conf",
        estimatedCost = "700.50",
        currency = "EUR",
        submittedOn = "2026-03-01",
    };

    public static TheoryData<string, string, string, int> Transitions()
    {
        var data = new TheoryData<string, string, string, int>();
        string[] states = ["pending", "approved", "rejected", "reimbursed"];
        string[] actions = ["edit", "withdraw", "approve", "reject", "reimburse"];
        string[] actors = ["submitter", "other-user", "approver", "admin", "submitter-approver"];
        foreach (var state in states)
        {
            foreach (var action in actions)
            {
                foreach (var actor in actors)
                {
                    data.Add(state, action, actor, ExpectedStatus(state, action, actor));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public async Task Every_transition_is_allowed_or_denied_by_role_and_state(string state, string action, string actor, int expected)
    {
        var submitter = host.NewUser(actor == "submitter-approver" ? ["approver"] : []);
        var (id, version) = await ClaimInStateAsync(submitter, state);
        var caller = actor switch
        {
            "submitter" or "submitter-approver" => submitter,
            "other-user" => host.NewUser(),
            "approver" => host.NewUser("approver"),
            _ => host.NewUser("admin"),
        };

        var response = await ActAsync(host.As(caller), id, action, $"\"{version}\"");
        Assert.True((int)response.StatusCode == expected, $"{actor} {action} on {state}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var after = await host.WithDbAsync(db => db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id));
        if (expected >= 400)
        {
            await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)expected);
            Assert.Equal(version, after!.Version);
        }
        else if (action == "withdraw")
        {
            Assert.Null(after);
        }
        else
        {
            Assert.Equal(version + 1, after!.Version);
        }
    }

    [Fact]
    public async Task A_decision_records_who_when_and_why_and_shows_in_v1()
    {
        var submitter = host.NewUser();
        var approver = host.NewUser("approver");
        var created = await (await host.As(submitter).PostAsJsonAsync("/api/claims", NewClaim)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal("700.50", created.GetProperty("estimatedCost").GetString());
        Assert.Equal(submitter.Email, created.GetProperty("submitter").GetProperty("email").GetString());

        await ProblemAssert.IsProblemAsync(await host.As(approver).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/reject", new { comment = " " }, "\"1\""), HttpStatusCode.BadRequest, "comment");
        await ProblemAssert.IsProblemAsync(await host.As(approver).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/reject", new { comment = "No budget" }), (HttpStatusCode)428);
        var rejected = await (await host.As(approver).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/reject", new { comment = "No budget" }, "\"1\"")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("No budget", rejected.GetProperty("decisionComment").GetString());
        Assert.Equal(approver.Id, rejected.GetProperty("decidedBy").GetProperty("id").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, rejected.GetProperty("decidedAt").ValueKind);

        var v1 = await host.As(submitter).GetFromJsonAsync<JsonElement>($"/v1/expenses/{id}");
        Assert.Equal("rejected", v1.GetProperty("status").GetString());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(today.ToString("MM-dd-yyyy", System.Globalization.CultureInfo.InvariantCulture), v1.GetProperty("decision_date").GetString());
    }

    [Fact]
    public async Task Concurrent_decisions_let_exactly_one_win()
    {
        var submitter = host.NewUser();
        var id = (await (await host.As(submitter).PostAsJsonAsync("/api/claims", NewClaim)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => host.As(host.NewUser("approver"))
            .SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/{(i % 2 == 0 ? "approve" : "reject")}", new { comment = "decided" }, "\"1\"")));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict }));
    }

    [Fact]
    public async Task Approvers_see_pending_claims_of_others_oldest_first_and_submitters_their_own()
    {
        var approver = host.NewUser("approver");
        var alice = host.NewUser();
        var bob = host.NewUser();
        var category = $"cat-{Guid.NewGuid():N}"[..20];
        var ids = new List<Guid>();
        foreach (var (user, n) in new[] { (alice, 1), (bob, 2), (alice, 3), (approver, 4) })
        {
            var body = new { category, description = $"claim {n}", estimatedCost = "10", currency = "EUR" };
            ids.Add((await (await host.As(user).PostAsJsonAsync("/api/claims", body)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        (await host.As(host.NewUser("admin")).SendJsonAsync(HttpMethod.Post, $"/api/claims/{ids[2]}/approve", new { }, "\"1\"")).EnsureSuccessStatusCode();

        var queue = await host.As(approver).GetFromJsonAsync<JsonElement>($"/api/claims/queue?category={category.ToUpperInvariant()}&limit=1");
        var first = Assert.Single(queue.GetProperty("items").EnumerateArray());
        Assert.Equal(ids[0], first.GetProperty("id").GetGuid());
        var second = await host.As(approver).GetFromJsonAsync<JsonElement>($"/api/claims/queue?category={category}&limit=1&cursor={queue.GetProperty("next").GetString()}");
        Assert.Equal(ids[1], Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);

        var bySubmitter = await host.As(approver).GetFromJsonAsync<JsonElement>($"/api/claims/queue?category={category}&submitter={bob.Email[..12]}");
        Assert.Equal([ids[1]], bySubmitter.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));

        var mine = await host.As(alice).GetFromJsonAsync<JsonElement>("/api/claims");
        Assert.Equal([ids[2], ids[0]], mine.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        var approved = await host.As(alice).GetFromJsonAsync<JsonElement>("/api/claims?status=approved");
        Assert.Equal([ids[2]], approved.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        foreach (var bad in new[] { "lost", "1", "pending,approved" })
        {
            await ProblemAssert.IsProblemAsync(await host.As(alice).GetAsync($"/api/claims?status={bad}"), HttpStatusCode.BadRequest, "status");
        }

        await ProblemAssert.IsProblemAsync(await host.As(approver).GetAsync("/api/claims/queue?cursor=%%%"), HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Approvers_find_approved_claims_of_others_to_reimburse_in_the_queue()
    {
        var approver = host.NewUser("approver");
        var alice = host.NewUser();
        var category = $"cat-{Guid.NewGuid():N}"[..20];
        var ids = new List<Guid>();
        foreach (var (user, n) in new[] { (alice, 1), (alice, 2), (alice, 3), (approver, 4) })
        {
            var body = new { category, description = $"claim {n}", estimatedCost = "10", currency = "EUR" };
            ids.Add((await (await host.As(user).PostAsJsonAsync("/api/claims", body)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        var admin = host.As(host.NewUser("admin"));
        foreach (var id in new[] { ids[0], ids[2], ids[3] })
        {
            (await admin.SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/approve", new { }, "\"1\"")).EnsureSuccessStatusCode();
        }

        (await admin.SendJsonAsync(HttpMethod.Post, $"/api/claims/{ids[2]}/reimburse", new { comment = "paid" }, "\"2\"")).EnsureSuccessStatusCode();

        // Approved and not reimbursed, oldest first, never the approver's own (ids[3]); pending ones stay in the default queue.
        var approved = await host.As(approver).GetFromJsonAsync<JsonElement>($"/api/claims/queue?status=approved&category={category}");
        Assert.Equal([ids[0]], approved.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        var pending = await host.As(approver).GetFromJsonAsync<JsonElement>($"/api/claims/queue?status=PENDING&category={category}");
        Assert.Equal([ids[1]], pending.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        foreach (var bad in new[] { "rejected", "reimbursed", "all", "1" })
        {
            await ProblemAssert.IsProblemAsync(await host.As(approver).GetAsync($"/api/claims/queue?status={bad}"), HttpStatusCode.BadRequest, "status");
        }
    }

    [Theory]
    [InlineData("""{"category":"travel","description":"x","estimatedCost":"1.234","currency":"EUR"}""", "estimatedCost")]
    [InlineData("""{"category":"travel","description":"x","estimatedCost":"-5"}""", "estimatedCost")]
    [InlineData("""{"category":"","description":"x","estimatedCost":"5"}""", "category")]
    [InlineData("""{"category":"travel","estimatedCost":"5"}""", "description")]
    [InlineData("""{"category":"travel","description":"x","estimatedCost":"5","link":"javascript:alert(1)"}""", "link")]
    [InlineData("""{"category":"travel","description":"x","estimatedCost":"5","submittedOn":"2999-01-01"}""", "submittedOn")]
    [InlineData("""{"category":"travel","description":"x"}""", "estimatedCost")]
    public async Task Invalid_claims_are_problems_and_store_nothing(string body, string field)
    {
        var user = host.NewUser();
        await ProblemAssert.IsProblemAsync(await host.As(user).PostAsync("/api/claims", HttpJson.RawJson(body)), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await host.WithDbAsync(db => db.Claims.CountAsync(c => c.SubmitterId == user.Id)));
    }

    private async Task<(Guid Id, int Version)> ClaimInStateAsync(TestUser submitter, string state)
    {
        var created = await (await host.As(submitter).PostAsJsonAsync("/api/claims", NewClaim)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var version = 1;
        var decider = host.As(host.NewUser("approver"));
        if (state != "pending")
        {
            (await decider.SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/{(state == "rejected" ? "reject" : "approve")}", new { comment = "because" }, $"\"{version++}\"")).EnsureSuccessStatusCode();
        }

        if (state == "reimbursed")
        {
            (await decider.SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/reimburse", new { }, $"\"{version++}\"")).EnsureSuccessStatusCode();
        }

        return (id, version);
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, string action, string etag) => action switch
    {
        "edit" => client.SendJsonAsync(HttpMethod.Put, $"/api/claims/{id}", new { category = "training", description = "Course", estimatedCost = "99", currency = "EUR" }, etag),
        "withdraw" => client.SendJsonAsync(HttpMethod.Delete, $"/api/claims/{id}", null, etag),
        _ => client.SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/{action}", new { comment = "a reason" }, etag),
    };

    // The HTTP view of the state machine: approver endpoints refuse plain users by policy (403) before anything else.
    private static int ExpectedStatus(string state, string action, string actor)
    {
        var decides = action is "approve" or "reject" or "reimburse";
        var isSubmitter = actor.StartsWith("submitter", StringComparison.Ordinal);
        var isApprover = actor is "approver" or "admin" or "submitter-approver";
        if (decides && !isApprover)
        {
            return 403;
        }

        if (!isSubmitter && !isApprover)
        {
            return 404;
        }

        if (decides == isSubmitter)
        {
            return 403;
        }

        var applies = (state, action) switch
        {
            ("pending", "edit" or "withdraw" or "approve" or "reject") => true,
            ("approved", "reimburse") => true,
            _ => false,
        };
        return !applies ? 409 : action == "withdraw" ? 204 : 200;
    }
}

public sealed class ClaimsOnSqlite(SqliteExpenses host) : ClaimTests<SqliteExpenses>(host);

public sealed class ClaimsOnPostgres(PostgresExpenses host) : ClaimTests<PostgresExpenses>(host);
