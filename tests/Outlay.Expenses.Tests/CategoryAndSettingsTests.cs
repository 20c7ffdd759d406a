using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Categories;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

public abstract class CategoryAndSettingsTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    [Fact]
    public async Task Every_user_sees_the_system_categories_with_stable_keys_and_cannot_change_them()
    {
        var client = host.As(host.NewUser());
        var categories = await client.GetFromJsonAsync<JsonElement>("/api/categories");
        var keys = categories.EnumerateArray().Where(c => c.GetProperty("system").GetBoolean()).Select(c => c.GetProperty("key").GetString()).ToList();
        Assert.Equal(["entertainment", "food", "health", "housing", "office_supplies", "other", "training", "transportation", "travel", "utilities"], keys.Order(StringComparer.Ordinal));
        var food = SystemCategories.All[0].Id;
        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Put, $"/api/categories/{food}", new { name = "Snacks" }, "*"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/categories/{food}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_gateway_path_expense_categories_serves_the_same_categories()
    {
        // Behind the gateway /api/categories is the store's; the web reaches these at /api/expense-categories.
        var client = host.As(host.NewUser());
        var created = await (await client.PostAsJsonAsync("/api/expense-categories", new { name = "Gateway pets" })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var viaOld = (await client.GetFromJsonAsync<JsonElement>("/api/categories")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        var viaNew = (await client.GetFromJsonAsync<JsonElement>("/api/expense-categories")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(viaOld, viaNew);
        Assert.Contains(id, viaNew);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/categories/{id}")).StatusCode);
    }

    [Fact]
    public async Task Custom_category_names_are_unique_per_user_and_private()
    {
        var alice = host.As(host.NewUser());
        var bob = host.As(host.NewUser());
        var pets = await (await alice.PostAsJsonAsync("/api/categories", new { name = "Pets" })).JsonAsync(HttpStatusCode.Created);
        await ProblemAssert.IsProblemAsync(await alice.PostAsJsonAsync("/api/categories", new { name = " PETS " }), HttpStatusCode.BadRequest, "name");
        await ProblemAssert.IsProblemAsync(await alice.PostAsJsonAsync("/api/categories", new { name = "food" }), HttpStatusCode.BadRequest, "name");
        await ProblemAssert.IsProblemAsync(await alice.PostAsJsonAsync("/api/categories", new { name = new string('x', 61) }), HttpStatusCode.BadRequest, "name");
        (await bob.PostAsJsonAsync("/api/categories", new { name = "Pets" })).EnsureSuccessStatusCode();

        var id = pets.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/categories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"/api/categories/{id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await bob.PostAsJsonAsync("/api/expenses", new { amount = "1", description = "x", categoryId = id }), HttpStatusCode.BadRequest, "categoryId");
        Assert.DoesNotContain((await bob.GetFromJsonAsync<JsonElement>("/api/categories")).EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);

        var renamed = await (await alice.SendJsonAsync(HttpMethod.Put, $"/api/categories/{id}", new { name = "Pet care" }, "\"1\"")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Pet care", renamed.GetProperty("name").GetString());
        await ProblemAssert.IsProblemAsync(await alice.SendJsonAsync(HttpMethod.Put, $"/api/categories/{id}", new { name = "Again" }, "\"1\""), HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_category_in_use_is_archived_unless_its_expenses_move()
    {
        var user = host.NewUser();
        var client = host.As(user);
        var unused = (await (await client.PostAsJsonAsync("/api/categories", new { name = "Unused" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/categories/{unused}")).StatusCode);

        var hobby = (await (await client.PostAsJsonAsync("/api/categories", new { name = "Hobby" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var expense = await (await client.PostAsJsonAsync("/api/expenses", new { amount = "10", description = "Paint", categoryId = hobby, spentOn = "2026-02-02" })).JsonAsync(HttpStatusCode.Created);
        var archived = await (await client.DeleteAsync($"/api/categories/{hobby}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(archived.GetProperty("archived").GetBoolean());
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/categories")).EnumerateArray(), c => c.GetProperty("id").GetGuid() == hobby);
        Assert.Contains((await client.GetFromJsonAsync<JsonElement>("/api/categories?includeArchived=true")).EnumerateArray(), c => c.GetProperty("id").GetGuid() == hobby);
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/expenses", new { amount = "1", description = "x", categoryId = hobby }), HttpStatusCode.BadRequest, "categoryId");
        // The expense already there keeps its archived category through edits.
        var url = $"/api/expenses/{expense.GetProperty("id").GetGuid()}";
        (await client.SendJsonAsync(HttpMethod.Patch, url, new { notes = "still hobby" }, "\"1\"")).EnsureSuccessStatusCode();

        var target = (await (await client.PostAsJsonAsync("/api/categories", new { name = "Crafts" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/categories/{hobby}?moveTo={hobby}"), HttpStatusCode.BadRequest, "moveTo");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/categories/{hobby}?moveTo={target}")).StatusCode);
        var moved = await client.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(target, moved.GetProperty("categoryId").GetGuid());
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/expenses/summary?from=2026-02");
        var group = Assert.Single(summary.GetProperty("groups").EnumerateArray());
        Assert.Equal("Crafts", group.GetProperty("label").GetString());
        Assert.Equal(0, await host.WithDbAsync(db => db.CategoryMonthTotals.CountAsync(t => t.CategoryId == hobby)));
    }

    [Fact]
    public async Task Settings_hold_a_currency_and_an_iana_time_zone_with_optimistic_concurrency()
    {
        var client = host.As(host.NewUser());
        var defaults = await client.GetAsync("/api/expenses/settings");
        Assert.Equal("\"0\"", defaults.Headers.ETag?.Tag);
        var initial = await defaults.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("USD", initial.GetProperty("currency").GetString());
        Assert.Equal("UTC", initial.GetProperty("timeZone").GetString());

        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Put, "/api/expenses/settings", new { currency = "EUR", timeZone = "Europe/Berlin" }), (HttpStatusCode)428);
        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Put, "/api/expenses/settings", new { currency = "EURO", timeZone = "Berlin" }, "\"0\""),
            HttpStatusCode.BadRequest, "currency", "timeZone");
        var saved = await (await client.SendJsonAsync(HttpMethod.Put, "/api/expenses/settings", new { currency = "chf", timeZone = "Europe/Zurich" }, "\"0\"")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("CHF", saved.GetProperty("currency").GetString());
        await ProblemAssert.IsProblemAsync(await client.SendJsonAsync(HttpMethod.Put, "/api/expenses/settings", new { currency = "EUR", timeZone = "UTC" }, "\"0\""), HttpStatusCode.PreconditionFailed);
        Assert.Equal("Europe/Zurich", (await client.GetFromJsonAsync<JsonElement>("/api/expenses/settings")).GetProperty("timeZone").GetString());
    }
}

public sealed class CategoryAndSettingsOnSqlite(SqliteExpenses host) : CategoryAndSettingsTests<SqliteExpenses>(host);

public sealed class CategoryAndSettingsOnPostgres(PostgresExpenses host) : CategoryAndSettingsTests<PostgresExpenses>(host);
