using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>What an operator relies on: the schema, readiness (shared checks), metrics and the API description.</summary>
public abstract partial class OperationsTests<THost>(THost host) : ServiceOperationsTests<THost, Program, ExpensesDbContext>(host) where THost : ExpensesHost
{
    [Fact]
    public async Task Business_metrics_are_exported_without_user_ids_and_pass_promtool()
    {
        var user = Host.NewUser();
        var client = Host.As(user);
        (await client.PostAsJsonAsync("/api/expenses", new { amount = "1", description = "metered" })).EnsureSuccessStatusCode();
        var claim = await (await client.PostAsJsonAsync("/api/claims", new { category = "travel", description = "Bus", estimatedCost = "3" })).JsonAsync(HttpStatusCode.Created);
        (await Host.As(Host.NewUser("approver")).SendJsonAsync(HttpMethod.Post, $"/api/claims/{claim.GetProperty("id").GetGuid()}/approve", new { }, "\"1\"")).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/claims", new { category = "travel", description = "Still pending", estimatedCost = "4" })).EnsureSuccessStatusCode();
        var csv = new StringContent("spent_on,amount,description\n2026-01-01,2,imported\n2026-01-01,x,bad\n", System.Text.Encoding.UTF8, "text/csv");
        (await client.PostAsync("/api/expenses/import?skipInvalid=true", csv)).EnsureSuccessStatusCode();

        var (entries, pending) = await Host.WithDbAsync(async db => (await db.Expenses.LongCountAsync(), await db.Claims.LongCountAsync(c => c.Status == Claims.ClaimStatus.Pending)));
        var metrics = await Eventually.ReadAsync(() => client.GetStringAsync("/metrics"),
            text => Gauge(text, "outlay_expenses_entries") == entries && Gauge(text, "outlay_claims_pending") == pending, TimeSpan.FromSeconds(10));
        Assert.Equal(entries, Gauge(metrics, "outlay_expenses_entries"));
        Assert.Equal(pending, Gauge(metrics, "outlay_claims_pending"));
        Assert.Contains("outlay_expenses_entry_changes_total{operation=\"created\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_expenses_import_rows_total{outcome=\"invalid\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_expenses_import_rows_total{outcome=\"imported\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_claims_decision_duration_seconds_bucket{decision=\"approved\"", metrics, StringComparison.Ordinal);
        // Claims wait for people: the buckets reach days (a day and a month here), not the shared 10 s.
        Assert.Contains("outlay_claims_decision_duration_seconds_bucket{decision=\"approved\",le=\"86400\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_claims_decision_duration_seconds_bucket{decision=\"approved\",le=\"2592000\"}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Id.ToString(), metrics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.Id.ToString("N"), metrics, StringComparison.OrdinalIgnoreCase);
        Promtool.AssertAccepts(metrics);
    }

    [Fact]
    public async Task The_openapi_document_and_the_docs_page_are_served()
    {
        var client = Host.Client();
        var document = await client.GetStringAsync("/openapi/expenses/v1.json");
        Assert.Contains("/api/expenses/summary", document, StringComparison.Ordinal);
        Assert.Contains("/v1/expenses", document, StringComparison.Ordinal);
        // Only the categories path the gateway routes here: its /api/categories is Catalog's.
        Assert.Contains("\"/api/expense-categories\"", document, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/api/categories", document, StringComparison.Ordinal);
        Assert.Contains("minor-unit digits; responses always use a string", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/index.html")).StatusCode);
    }

    private static long? Gauge(string metrics, string name) =>
        GaugeLine().Matches(metrics).Where(m => m.Groups["name"].Value == name).Select(m => (long?)long.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    [GeneratedRegex(@"^(?<name>[a-z_]+) (?<value>\d+)$", RegexOptions.Multiline)]
    private static partial Regex GaugeLine();
}

public sealed class OperationsOnSqlite(SqliteExpenses host) : OperationsTests<SqliteExpenses>(host);

public sealed class OperationsOnPostgres(PostgresExpenses host) : OperationsTests<PostgresExpenses>(host);
