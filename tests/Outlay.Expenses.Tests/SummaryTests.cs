using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Categories;
using Outlay.ServiceDefaults.Money;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>
/// Summaries come from the rollup; these tests drive random changes through the API and check that the rollup
/// equals a direct aggregate of the expenses, and that every summary equals a naive recomputation.
/// </summary>
public abstract class SummaryTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    private static readonly string[] CurrencyChoices = ["EUR", "JPY", "KWD"];
    private static readonly string[] TagChoices = ["work", "home", "trip", "gift"];
    private static readonly string[] Months = ["2025-12", "2026-01", "2026-02"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task After_random_changes_the_rollup_equals_a_direct_aggregate_and_summaries_a_naive_recomputation(int seed)
    {
        var random = new Random(seed);
        var user = host.NewUser();
        var client = host.As(user);
        var custom = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            custom.Add((await (await client.PostAsJsonAsync("/api/categories", new { name = $"Custom {i}" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        var model = new Dictionary<Guid, ModelExpense>();
        for (var step = 0; step < 70; step++)
        {
            var roll = random.Next(100);
            if (model.Count == 0 || roll < 45)
            {
                var values = RandomValues(random, custom);
                var created = await (await client.PostAsJsonAsync("/api/expenses", values.Body())).JsonAsync(HttpStatusCode.Created);
                model[created.GetProperty("id").GetGuid()] = values with { Version = 1 };
            }
            else if (roll < 65)
            {
                var (id, old) = model.ElementAt(random.Next(model.Count));
                var values = RandomValues(random, custom) with { Version = old.Version + 1 };
                (await client.SendJsonAsync(HttpMethod.Put, $"/api/expenses/{id}", values.Body(), $"\"{old.Version}\"")).EnsureSuccessStatusCode();
                model[id] = values;
            }
            else if (roll < 80)
            {
                var (id, old) = model.ElementAt(random.Next(model.Count));
                var tags = TagChoices.Where(_ => random.Next(3) == 0).ToArray();
                var month = Months[random.Next(Months.Length)];
                var patched = old with { Tags = tags, SpentOn = $"{month}-0{random.Next(1, 9)}", Version = old.Version + 1 };
                (await client.SendJsonAsync(HttpMethod.Patch, $"/api/expenses/{id}", new { tags, spentOn = patched.SpentOn }, $"\"{old.Version}\"")).EnsureSuccessStatusCode();
                model[id] = patched;
            }
            else if (roll < 95)
            {
                var (id, _) = model.ElementAt(random.Next(model.Count));
                Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/expenses/{id}")).StatusCode);
                model.Remove(id);
            }
            else if (custom.Count == 2)
            {
                // Deleting a custom category moves its expenses (and their rollup) to the other one.
                var (from, to) = (custom[0], custom[1]);
                Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/categories/{from}?moveTo={to}")).StatusCode);
                foreach (var id in model.Where(e => e.Value.Category == from).Select(e => e.Key).ToList())
                {
                    model[id] = model[id] with { Category = to, Version = model[id].Version + 1 };
                }

                custom.RemoveAt(0);
            }
        }

        // Concurrent writers into the same cells: the upserts must not lose an increment.
        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            var values = new ModelExpense($"{i + 1}.25", "EUR", "2026-01-15", SystemCategories.Other, ["work"], 1);
            var created = await (await client.PostAsJsonAsync("/api/expenses", values.Body())).JsonAsync(HttpStatusCode.Created);
            return (Id: created.GetProperty("id").GetGuid(), Values: values);
        }));
        foreach (var (id, values) in burst)
        {
            model[id] = values;
        }

        await AssertRollupEqualsDirectAggregateAsync(user.Id);
        await AssertSummariesEqualModelAsync(client, model);
    }

    [Fact]
    public async Task This_month_is_the_month_in_the_users_time_zone()
    {
        var berlin = host.As(host.NewUser());
        var newYork = host.As(host.NewUser());
        (await berlin.SendJsonAsync(HttpMethod.Put, "/api/expenses/settings", new { currency = "EUR", timeZone = "Europe/Berlin" }, "*")).EnsureSuccessStatusCode();
        (await newYork.SendJsonAsync(HttpMethod.Put, "/api/expenses/settings", new { currency = "USD", timeZone = "America/New_York" }, "*")).EnsureSuccessStatusCode();
        try
        {
            // 23:30 UTC on 31 January: already 1 February in Berlin, still 31 January (18:30) in New York.
            host.Factory.Clock.Advance(new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow);
            var inBerlin = await (await berlin.PostAsJsonAsync("/api/expenses", new { amount = "5", description = "Pretzel" })).JsonAsync(HttpStatusCode.Created);
            var inNewYork = await (await newYork.PostAsJsonAsync("/api/expenses", new { amount = "5", description = "Bagel" })).JsonAsync(HttpStatusCode.Created);
            Assert.Equal("2026-02-01", inBerlin.GetProperty("spentOn").GetString());
            Assert.Equal("2026-01-31", inNewYork.GetProperty("spentOn").GetString());

            var berlinSummary = await berlin.GetFromJsonAsync<JsonElement>("/api/expenses/summary");
            var newYorkSummary = await newYork.GetFromJsonAsync<JsonElement>("/api/expenses/summary");
            Assert.Equal("2026-02", berlinSummary.GetProperty("from").GetString());
            Assert.Equal("2026-01", newYorkSummary.GetProperty("from").GetString());
            Assert.Equal("5.00", Assert.Single(berlinSummary.GetProperty("totals").EnumerateArray()).GetProperty("total").GetString());
            Assert.Equal("5.00", Assert.Single(newYorkSummary.GetProperty("totals").EnumerateArray()).GetProperty("total").GetString());
        }
        finally
        {
            host.Factory.Clock.Reset();
        }
    }

    [Fact]
    public async Task Summaries_validate_their_parameters()
    {
        var client = host.As(host.NewUser());
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses/summary?from=2026-13"), HttpStatusCode.BadRequest, "from");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses/summary?from=2026-03&to=2026-01"), HttpStatusCode.BadRequest, "to");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses/summary?from=2000-01&to=2026-01"), HttpStatusCode.BadRequest, "to");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/expenses/summary?groupBy=owner"), HttpStatusCode.BadRequest, "groupBy");
        var empty = await client.GetFromJsonAsync<JsonElement>("/api/expenses/summary?from=2026-01&to=2026-12&groupBy=month");
        Assert.Empty(empty.GetProperty("totals").EnumerateArray());
    }

    [Fact]
    public async Task Budgets_compare_spent_with_the_monthly_limit()
    {
        var client = host.As(host.NewUser());
        var food = SystemCategories.All[0].Id;
        var budget = await (await client.PostAsJsonAsync("/api/budgets", new { categoryId = food, currency = "EUR", limit = "100" })).JsonAsync(HttpStatusCode.Created);
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/budgets", new { categoryId = food, currency = "EUR", limit = "50" }), HttpStatusCode.BadRequest, "categoryId");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/budgets", new { categoryId = food, currency = "EUR", limit = "1.001" }), HttpStatusCode.BadRequest, "limit");
        foreach (var amount in new[] { "60.10", "45.00" })
        {
            (await client.PostAsJsonAsync("/api/expenses", new { amount, currency = "EUR", categoryId = food, spentOn = "2026-04-03", description = "Groceries" })).EnsureSuccessStatusCode();
        }

        (await client.PostAsJsonAsync("/api/expenses", new { amount = "999", currency = "USD", categoryId = food, spentOn = "2026-04-03", description = "Other currency" })).EnsureSuccessStatusCode();
        var status = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/budgets/status?month=2026-04")).GetProperty("budgets").EnumerateArray());
        Assert.Equal("100.00", status.GetProperty("limit").GetString());
        Assert.Equal("105.10", status.GetProperty("spent").GetString());
        Assert.Equal("-5.10", status.GetProperty("remaining").GetString());
        Assert.True(status.GetProperty("overBudget").GetBoolean());

        var url = $"/api/budgets/{budget.GetProperty("id").GetGuid()}";
        (await client.SendJsonAsync(HttpMethod.Put, url, new { limit = "200" }, "\"1\"")).EnsureSuccessStatusCode();
        var raised = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/budgets/status?month=2026-04")).GetProperty("budgets").EnumerateArray());
        Assert.False(raised.GetProperty("overBudget").GetBoolean());
        Assert.Equal("0.00", Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/budgets/status?month=2026-05")).GetProperty("budgets").EnumerateArray()).GetProperty("spent").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As(host.NewUser()).DeleteAsync(url)).StatusCode);
    }

    private async Task AssertRollupEqualsDirectAggregateAsync(Guid userId)
    {
        var (rollup, direct) = await host.WithDbAsync(async db =>
        {
            var cells = await db.CategoryMonthTotals.Where(t => t.UserId == userId).ToListAsync();
            var tagCells = await db.TagMonthTotals.Where(t => t.UserId == userId).ToListAsync();
            var expenses = await db.Expenses.Where(e => e.OwnerId == userId).ToListAsync();
            var rollup = cells.Select(c => $"{c.Month} {c.CategoryId} {c.Currency} {c.TotalUnits} {c.EntryCount}")
                .Concat(tagCells.Select(c => $"{c.Month} #{c.Tag} {c.Currency} {c.TotalUnits} {c.EntryCount}")).Order(StringComparer.Ordinal).ToList();
            var direct = expenses.GroupBy(e => (Month: (e.SpentOn.Year * 100) + e.SpentOn.Month, e.CategoryId, e.Currency))
                .Select(g => $"{g.Key.Month} {g.Key.CategoryId} {g.Key.Currency} {g.Sum(e => e.AmountUnits)} {g.Count()}")
                .Concat(expenses.SelectMany(e => e.TagList.Select(tag => (e, tag)))
                    .GroupBy(x => (Month: (x.e.SpentOn.Year * 100) + x.e.SpentOn.Month, x.tag, x.e.Currency))
                    .Select(g => $"{g.Key.Month} #{g.Key.tag} {g.Key.Currency} {g.Sum(x => x.e.AmountUnits)} {g.Count()}"))
                .Order(StringComparer.Ordinal).ToList();
            return (rollup, direct);
        });
        Assert.NotEmpty(direct);
        Assert.Equal(direct, rollup);
    }

    private static async Task AssertSummariesEqualModelAsync(HttpClient client, Dictionary<Guid, ModelExpense> model)
    {
        var range = $"from={Months[0]}&to={Months[^1]}";
        var byCategory = await client.GetFromJsonAsync<JsonElement>($"/api/expenses/summary?{range}&groupBy=category");
        Assert.Equal(
            model.Values.GroupBy(e => e.Currency).Select(g => $"{g.Key} {Total(g, g.Key)} {g.Count()}").Order(StringComparer.Ordinal),
            byCategory.GetProperty("totals").EnumerateArray().Select(t => $"{t.GetProperty("currency").GetString()} {t.GetProperty("total").GetString()} {t.GetProperty("count").GetInt32()}"));
        Assert.Equal(
            model.Values.GroupBy(e => (e.Category, e.Currency)).Select(g => $"{g.Key.Category} {g.Key.Currency} {Total(g, g.Key.Currency)} {g.Count()}").Order(StringComparer.Ordinal),
            Groups(byCategory));

        var byMonth = await client.GetFromJsonAsync<JsonElement>($"/api/expenses/summary?{range}&groupBy=month");
        Assert.Equal(
            model.Values.GroupBy(e => (Month: e.SpentOn[..7], e.Currency)).Select(g => $"{g.Key.Month} {g.Key.Currency} {Total(g, g.Key.Currency)} {g.Count()}").Order(StringComparer.Ordinal),
            Groups(byMonth));

        var byTag = await client.GetFromJsonAsync<JsonElement>($"/api/expenses/summary?{range}&groupBy=tag");
        Assert.Equal(
            model.Values.SelectMany(e => e.Tags.Select(tag => (Tag: tag, Expense: e))).GroupBy(x => (x.Tag, x.Expense.Currency))
                .Select(g => $"{g.Key.Tag} {g.Key.Currency} {Total(g.Select(x => x.Expense), g.Key.Currency)} {g.Count()}").Order(StringComparer.Ordinal),
            Groups(byTag));

        // A single month is the same as the range restricted to it.
        var january = await client.GetFromJsonAsync<JsonElement>("/api/expenses/summary?from=2026-01&groupBy=month");
        Assert.Equal(Groups(byMonth).Where(g => g.StartsWith("2026-01 ", StringComparison.Ordinal)), Groups(january));
    }

    private static IEnumerable<string> Groups(JsonElement summary) => summary.GetProperty("groups").EnumerateArray()
        .Select(g => $"{g.GetProperty("key").GetString()} {g.GetProperty("currency").GetString()} {g.GetProperty("total").GetString()} {g.GetProperty("count").GetInt32()}")
        .Order(StringComparer.Ordinal);

    // Naive recomputation: decimal sum of what the test sent, formatted with the currency's digits.
    private static string Total(IEnumerable<ModelExpense> expenses, string currency) =>
        MoneyText.Format(expenses.Sum(e => decimal.Parse(e.Amount, CultureInfo.InvariantCulture)), currency);

    private static ModelExpense RandomValues(Random random, List<Guid> custom)
    {
        var currency = CurrencyChoices[random.Next(CurrencyChoices.Length)];
        var digits = Currencies.MinorDigits(currency);
        var amount = (random.Next(0, 5_000_000) / (decimal)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture);
        Guid[] categories = [SystemCategories.All[0].Id, SystemCategories.Other, .. custom];
        var month = Months[random.Next(Months.Length)];
        return new ModelExpense(amount, currency, $"{month}-{random.Next(1, 29):D2}", categories[random.Next(categories.Length)],
            TagChoices.Where(_ => random.Next(3) == 0).ToArray(), 1);
    }

    private sealed record ModelExpense(string Amount, string Currency, string SpentOn, Guid Category, string[] Tags, int Version)
    {
        public object Body() => new { amount = Amount, currency = Currency, spentOn = SpentOn, categoryId = Category, description = "random", tags = Tags };
    }
}

public sealed class SummaryOnSqlite(SqliteExpenses host) : SummaryTests<SqliteExpenses>(host);

public sealed class SummaryOnPostgres(PostgresExpenses host) : SummaryTests<PostgresExpenses>(host);
