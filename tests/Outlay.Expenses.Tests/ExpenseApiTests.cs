using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Categories;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>Expense CRUD, optimistic concurrency, validation, filters and keyset pagination.</summary>
public abstract class ExpenseApiTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    public static readonly Guid Food = SystemCategories.All[0].Id;
    public static readonly Guid Travel = SystemCategories.All[7].Id;

    [Fact]
    public async Task An_expense_is_created_read_replaced_patched_and_deleted_with_etags()
    {
        var client = host.As(host.NewUser());
        var created = await client.PostAsJsonAsync("/api/expenses", new
        {
            amount = "12.30",
            currency = "eur",
            spentOn = "2026-03-14",
            categoryId = Food,
            description = "Lunch",
            merchant = "Cafe",
            tags = new[] { "Work", "team lunch" },
            notes = "with Ana",
        });
        var expense = await created.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("12.30", expense.GetProperty("amount").GetString());
        Assert.Equal("EUR", expense.GetProperty("currency").GetString());
        Assert.Equal(["team lunch", "work"], expense.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var url = created.Headers.Location!.ToString();

        var read = await client.GetAsync(url);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal("2026-03-14", (await read.JsonAsync(HttpStatusCode.OK)).GetProperty("spentOn").GetString());

        var replace = new { amount = 20, currency = "USD", spentOn = "2026-03-15", categoryId = Travel, description = "Taxi" };
        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Put, url, replace), (HttpStatusCode)428);
        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Put, url, replace, "\"7\""), HttpStatusCode.PreconditionFailed);
        var replaced = await (await client.SendJsonAsync(HttpMethod.Put, url, replace, "\"1\"")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("20.00", replaced.GetProperty("amount").GetString());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("merchant").ValueKind);
        Assert.Empty(replaced.GetProperty("tags").EnumerateArray());

        var patched = await (await client.SendJsonAsync(HttpMethod.Patch, url, new { notes = "airport", tags = new[] { "trip" } }, "\"2\"")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Taxi", patched.GetProperty("description").GetString());
        Assert.Equal("airport", patched.GetProperty("notes").GetString());
        Assert.Equal(3, patched.GetProperty("version").GetInt32());

        // A stale PATCH after another change is refused and changes nothing.
        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Patch, url, new { notes = "stale" }, "\"2\""), HttpStatusCode.PreconditionFailed);
        Assert.Equal("airport", (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("notes").GetString());

        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Delete, url, null, "\"1\""), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Defaults_come_from_the_users_settings()
    {
        var client = host.As(host.NewUser());
        var settings = await (await client.SendJsonAsync(HttpMethod.Put, "/api/expenses/settings", new { currency = "JPY", timeZone = "Asia/Tokyo" }, "\"0\"")).JsonAsync(HttpStatusCode.OK);
        var expense = await (await client.PostAsJsonAsync("/api/expenses", new { amount = "1500", description = "Ramen" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("JPY", expense.GetProperty("currency").GetString());
        Assert.Equal("1500", expense.GetProperty("amount").GetString());
        Assert.Equal(settings.GetProperty("today").GetString(), expense.GetProperty("spentOn").GetString());
        Assert.Equal(SystemCategories.Other, expense.GetProperty("categoryId").GetGuid());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"amount":"12.345","currency":"EUR","description":"x"}""", "amount" },
        { """{"amount":"-1","description":"x"}""", "amount" },
        { """{"amount":"1e9","description":"x"}""", "amount" },
        { """{"amount":"2000000000","description":"x"}""", "amount" },
        { """{"amount":"abc","description":"x"}""", "amount" },
        { """{"amount":"1","currency":"EURO","description":"x"}""", "currency" },
        { """{"amount":"1","description":""}""", "description" },
        { """{"amount":"1"}""", "description" },
        { """{"description":"x"}""", "amount" },
        { """{"amount":"1","description":"x","spentOn":"1800-01-01"}""", "spentOn" },
        { """{"amount":"1","description":"x","categoryId":"6f1c2b1a-0000-4000-8000-000000000000"}""", "categoryId" },
        { """{"amount":"1","description":"x","tags":["<script>"]}""", "tags[0]" },
        { """{"amount":"1","description":"line\nbreak"}""", "description" },
        { """{"amount":true,"description":"x"}""", "$.amount" },
        { """{"amount":"1","description":"x","spentOn":"14/03/2026"}""", "$.spentOn" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_expenses_are_problems_with_the_field_and_change_nothing(string body, string field)
    {
        var user = host.NewUser();
        var client = host.As(user);
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/expenses", HttpJson.RawJson(body)), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await host.WithDbAsync(db => db.Expenses.CountAsync(e => e.OwnerId == user.Id)));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("not json")]
    public async Task Malformed_bodies_are_400_problems(string body)
    {
        var user = host.NewUser();
        var response = await host.As(user).PostAsync("/api/expenses", HttpJson.RawJson(body));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await host.WithDbAsync(db => db.Expenses.CountAsync(e => e.OwnerId == user.Id)));
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_changes_nothing()
    {
        var user = host.NewUser();
        var body = JsonSerializer.Serialize(new { amount = "1", description = "x", notes = new string('n', 300_000) });
        await ProblemAssert.IsProblemAsync(await host.As(user).PostAsync("/api/expenses", HttpJson.RawJson(body)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await host.WithDbAsync(db => db.Expenses.CountAsync(e => e.OwnerId == user.Id)));
    }

    [Fact]
    public async Task Text_that_looks_like_sql_or_markup_is_stored_verbatim()
    {
        var client = host.As(host.NewUser());
        const string text = "'; DROP TABLE expenses; -- <img src=x onerror=alert(1)> %_\\";
        var created = await (await client.PostAsJsonAsync("/api/expenses", new { amount = "1", description = text, merchant = text })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(text, created.GetProperty("description").GetString());
        var found = await client.GetFromJsonAsync<JsonElement>($"/api/expenses?q={Uri.EscapeDataString("%_\\")}");
        Assert.Single(found.GetProperty("items").EnumerateArray());
        var none = await client.GetFromJsonAsync<JsonElement>($"/api/expenses?q={Uri.EscapeDataString("%x%")}");
        Assert.Empty(none.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Filters_combine_categories_tag_dates_amounts_and_text()
    {
        var client = host.As(host.NewUser());
        async Task<Guid> Add(string amount, string date, Guid category, string description, string[]? tags = null, string? merchant = null) =>
            (await (await client.PostAsJsonAsync("/api/expenses", new { amount, spentOn = date, categoryId = category, description, tags, merchant, currency = "EUR" }))
                .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var lunch = await Add("12.00", "2026-01-10", Food, "Lunch", ["work"], "Cafe Blue");
        var dinner = await Add("55.00", "2026-01-20", Food, "Dinner");
        var flight = await Add("300.00", "2026-02-01", Travel, "Flight", ["work"]);
        var bus = await Add("2.50", "2026-02-02", Travel, "Bus ticket", merchant: "city transit");
        var other = await Add("9.99", "2026-02-03", SystemCategories.Other, "Book");

        async Task<List<Guid>> Ids(string query) =>
            [.. (await client.GetFromJsonAsync<JsonElement>("/api/expenses?" + query)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())];

        Assert.Equal([bus, flight, dinner, lunch], await Ids($"category={Food}&category={Travel}"));
        Assert.Equal([flight, lunch], await Ids("tag=WORK"));
        Assert.Equal([other, bus, flight], await Ids("from=2026-02-01&to=2026-02-28"));
        Assert.Equal([other, lunch], await Ids("min=5&max=12"));
        Assert.Equal([bus, lunch], await Ids("q=c"));
        Assert.Equal([bus], await Ids("q=TRANSIT"));
        Assert.Equal([bus, other, lunch, dinner, flight], await Ids("sort=amount"));
        Assert.Equal([flight, dinner, lunch, other, bus], await Ids("sort=-amount"));
        Assert.Equal([lunch, dinner, flight, bus, other], await Ids("sort=createdAt"));
        Assert.Equal([dinner, lunch], await Ids($"category={Food}&sort=-spentOn"));

        var byCategory = await client.GetFromJsonAsync<JsonElement>($"/api/expenses/by_category/{Travel}");
        Assert.Equal([bus, flight], byCategory.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/expenses/by_category/{Guid.NewGuid()}")).StatusCode);

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses?sort=owner"), HttpStatusCode.BadRequest, "sort");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses?limit=1000"), HttpStatusCode.BadRequest, "limit");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses?min=ten"), HttpStatusCode.BadRequest, "min");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses?from=2026-02-01&to=2026-01-01"), HttpStatusCode.BadRequest, "from");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses?cursor=garbage"), HttpStatusCode.BadRequest, "cursor");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses?category=not-a-guid"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("-spentOn")]
    [InlineData("amount")]
    [InlineData("-createdAt")]
    public async Task Keyset_pages_never_skip_or_repeat_under_concurrent_inserts(string sort)
    {
        var client = host.As(host.NewUser());
        var random = new Random(sort.Length);
        var original = new HashSet<Guid>();
        for (var i = 0; i < 40; i++)
        {
            // Few distinct dates and amounts: many ties, which only the id breaks.
            var body = new { amount = random.Next(1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), spentOn = $"2026-01-0{random.Next(1, 4)}", description = $"seed {i}" };
            original.Add((await (await client.PostAsJsonAsync("/api/expenses", body)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var inserted = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/expenses?sort={sort}&limit=7" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next").GetString();
            // Writers keep adding rows that sort before, among and after the rows already read.
            await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
            {
                var body = new { amount = random.Next(1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), spentOn = $"2026-01-0{random.Next(1, 4)}", description = "concurrent" };
                (await client.PostAsJsonAsync("/api/expenses", body)).EnsureSuccessStatusCode();
                Interlocked.Increment(ref inserted);
            }));
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(original.Except(seen));
        Assert.True(inserted > 0);
    }
}

public sealed class ExpenseApiOnSqlite(SqliteExpenses host) : ExpenseApiTests<SqliteExpenses>(host);

public sealed class ExpenseApiOnPostgres(PostgresExpenses host) : ExpenseApiTests<PostgresExpenses>(host);
