using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Csv;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

public abstract class CsvImportExportTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    private const string Header = "spent_on,amount,currency,category,description,merchant,tags,notes\n";

    [Fact]
    public async Task Export_then_import_into_another_account_round_trips_every_field_including_formulas()
    {
        var alice = host.As(host.NewUser());
        var bob = host.As(host.NewUser());
        (await alice.PostAsJsonAsync("/api/categories", new { name = "Pets" })).EnsureSuccessStatusCode();
        (await bob.PostAsJsonAsync("/api/categories", new { name = "Pets" })).EnsureSuccessStatusCode();
        object[] expenses =
        [
            new { amount = "12.50", currency = "EUR", spentOn = "2026-01-05", description = "=HYPERLINK(\"http://evil\",\"click\")", merchant = "+cmd|' /C calc'!A0", tags = new[] { "a", "b c" }, notes = "multi\nline, \"quoted\"" },
            new { amount = "1000", currency = "JPY", spentOn = "2026-01-06", description = "@SUM(1)", merchant = (string?)null, tags = Array.Empty<string>(), notes = "-2+3" },
            new { amount = "0.125", currency = "KWD", spentOn = "2026-01-07", description = "'quoted text", merchant = "Shop, Inc.", tags = new[] { "x" }, notes = (string?)null },
        ];
        foreach (var expense in expenses)
        {
            (await alice.PostAsJsonAsync("/api/expenses", expense)).EnsureSuccessStatusCode();
        }

        var petsExpense = new { amount = "5", currency = "EUR", spentOn = "2026-01-08", description = "Food", categoryId = (await CategoryIdAsync(alice, "Pets")) };
        (await alice.PostAsJsonAsync("/api/expenses", petsExpense)).EnsureSuccessStatusCode();

        var export = await alice.GetAsync("/api/expenses/export.csv?sort=spentOn");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(", csv, StringComparison.Ordinal);
        Assert.Contains("'+cmd|", csv, StringComparison.Ordinal);
        Assert.Contains("'@SUM(1)", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",@", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",+", csv, StringComparison.Ordinal);

        var report = await (await bob.PostAsync("/api/expenses/import", Csv(csv))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, report.GetProperty("imported").GetInt32());
        var bobCsv = await bob.GetStringAsync("/api/expenses/export.csv?sort=spentOn");
        Assert.Equal(WithoutIds(csv), WithoutIds(bobCsv));

        var again = await (await bob.PostAsync("/api/expenses/import", Csv(csv))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.Equal(4, again.GetProperty("duplicates").GetInt32());
        Assert.All(again.GetProperty("rows").EnumerateArray(), r => Assert.Equal("duplicate", r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Duplicates_are_counted_as_a_multiset_and_reported_per_line()
    {
        var user = host.NewUser();
        var client = host.As(user);
        (await client.PostAsJsonAsync("/api/expenses", new { amount = "3.20", currency = "EUR", spentOn = "2026-02-01", description = "Coffee", merchant = "Bar" })).EnsureSuccessStatusCode();
        var file = Header
            + "2026-02-01,3.20,EUR,,coffee,bar,,\n"
            + "2026-02-01,3.2,eur,Food,Coffee,Bar,,second cup\n"
            + "2026-02-02,4.00,EUR,food,Tea,,,\n";
        var report = await (await client.PostAsync("/api/expenses/import", Csv(file))).JsonAsync(HttpStatusCode.OK);
        var rows = report.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([(2, "duplicate"), (3, "imported"), (4, "imported")], rows);
        Assert.Equal(3, await host.WithDbAsync(db => db.Expenses.CountAsync(e => e.OwnerId == user.Id)));
    }

    [Fact]
    public async Task An_invalid_row_refuses_the_file_unless_invalid_rows_are_skipped()
    {
        var user = host.NewUser();
        var client = host.As(user);
        var file = Header
            + "2026-03-01,10.00,EUR,,Valid,,,\n"
            + "2026-03-02,10.001,EUR,,Too precise,,,\n"
            + "03/04/2026,abc,EURO,Nope,,,<bad>,\n"
            + "2026-03-05,7,EUR,,Also valid,,,\n";
        var refused = await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/expenses/import", Csv(file)), HttpStatusCode.BadRequest,
            "rows[3].amount", "rows[4].spent_on", "rows[4].amount", "rows[4].currency", "rows[4].category", "rows[4].description");
        Assert.Contains("nothing was imported", refused.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Expenses.CountAsync(e => e.OwnerId == user.Id)));

        var partial = await (await client.PostAsync("/api/expenses/import?skipInvalid=true", Csv(file))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, partial.GetProperty("imported").GetInt32());
        Assert.Equal(2, partial.GetProperty("invalid").GetInt32());
        var invalidLines = partial.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("outcome").GetString() == "invalid").Select(r => r.GetProperty("line").GetInt32());
        Assert.Equal([3, 4], invalidLines);
        Assert.Equal(2, await host.WithDbAsync(db => db.Expenses.CountAsync(e => e.OwnerId == user.Id)));
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/expenses/summary?from=2026-03");
        Assert.Equal("17.00", Assert.Single(summary.GetProperty("totals").EnumerateArray()).GetProperty("total").GetString());
    }

    [Theory]
    [InlineData("amount,description\n1,x\n", "header")]
    [InlineData("spent_on,amount,description\n2026-01-01,\"1,x\n", "file")]
    [InlineData("", "header")]
    public async Task Malformed_files_are_problems_and_import_nothing(string file, string field)
    {
        var user = host.NewUser();
        await ProblemAssert.IsProblemAsync(await host.As(user).PostAsync("/api/expenses/import", Csv(file)), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await host.WithDbAsync(db => db.Expenses.CountAsync(e => e.OwnerId == user.Id)));
    }

    [Fact]
    public async Task Imports_must_be_csv_and_fit_the_body_limit()
    {
        var client = host.As(host.NewUser());
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/expenses/import", HttpJson.RawJson("{}")), HttpStatusCode.UnsupportedMediaType);
        var huge = Header + string.Concat(Enumerable.Repeat("2026-01-01,1,EUR,,x,,,\n", 20_000));
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/expenses/import", Csv(huge)), HttpStatusCode.RequestEntityTooLarge);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static string WithoutIds(string csv) =>
        string.Join('\n', new CsvReader(new StringReader(csv)).ReadAll().Select(r => string.Join('\u0001', r.Skip(1))));

    private static async Task<Guid> CategoryIdAsync(HttpClient client, string name) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/categories")).EnumerateArray().First(c => c.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();
}

internal static class CsvReaderExtensions
{
    public static IEnumerable<List<string>> ReadAll(this CsvReader reader)
    {
        while (reader.ReadRecord() is { } record)
        {
            yield return record;
        }
    }
}

public sealed class CsvImportExportOnSqlite(SqliteExpenses host) : CsvImportExportTests<SqliteExpenses>(host);

public sealed class CsvImportExportOnPostgres(PostgresExpenses host) : CsvImportExportTests<PostgresExpenses>(host);
