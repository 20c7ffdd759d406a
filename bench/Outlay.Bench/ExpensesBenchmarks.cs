using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;

using Npgsql;

namespace Outlay.Bench;

/// <summary>
/// Create-expense requests/s and a monthly summary's latency for a user with 1,000 expenses and for one with
/// 1,000,000, against a real Expenses process on PostgreSQL, side by side with their ratio. Summaries read the
/// rollup, so the goal is a ratio under 2.
/// </summary>
internal static class ExpensesBenchmarks
{
    public static async Task RunAsync(TimeSpan duration, string postgres)
    {
        var databaseName = $"outlay_bench_expenses_{Guid.NewGuid():N}"[..40];
        var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = databaseName }.ToString();
        await using var authority = await TestKeyAuthority.StartAsync();
        var port = IdentityBenchmarks.FreePort();
        var data = Directory.CreateTempSubdirectory("outlay-bench-").FullName;
        using var service = StartService(port, connectionString, authority.Url, data);
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await IdentityBenchmarks.WaitReadyAsync(probe);
            var small = Guid.NewGuid();
            var large = Guid.NewGuid();
            var watch = Stopwatch.StartNew();
            await SeedAsync(connectionString, small, 1_000);
            await SeedAsync(connectionString, large, 1_000_000);
            Console.WriteLine($"seeded 1,001,000 expenses and their rollup in {watch.Elapsed.TotalSeconds:N0} s");

            var results = new List<(string Name, Rate Small, Rate Large)>();
            foreach (var (name, run) in new (string, Func<Guid, Task<Rate>>)[]
            {
                ("POST /api/expenses x4", user => CreateRateAsync(port, authority, user, duration)),
                ("GET /api/expenses/summary (one month), 1 thread", user => SummaryRateAsync(port, authority, user, duration)),
            })
            {
                results.Add((name, await run(small), await run(large)));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-50} {"1,000 expenses",-36} {"1,000,000 expenses",-36} ratio"));
            foreach (var (name, smallRate, largeRate) in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-50} {Describe(smallRate),-36} {Describe(largeRate),-36} p50 x{largeRate.P50Ms / smallRate.P50Ms:N2}, p99 x{largeRate.P99Ms / smallRate.P99Ms:N2}, rate x{smallRate.PerSecond / largeRate.PerSecond:N2}"));
            }
        }
        finally
        {
            service.StandardInput.Close();
            if (!service.WaitForExit(10_000))
            {
                service.Kill(entireProcessTree: true);
            }

            Directory.Delete(data, recursive: true);
            await DropAsync(postgres, databaseName);
        }
    }

    private static string Describe(Rate rate) =>
        string.Create(CultureInfo.InvariantCulture, $"{rate.PerSecond,7:N0}/s p50 {rate.P50Ms,6:N2} p99 {rate.P99Ms,6:N2} ms");

    private static Process StartService(int port, string connectionString, string authority, string data)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Outlay.Expenses.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Outlay__Database__Provider"] = "Postgres",
                ["Outlay__Database__ConnectionString"] = connectionString,
                ["Outlay__Database__CreateIfMissing"] = "true",
                ["Outlay__Database__DataFolder"] = data,
                ["Outlay__Auth__Authority"] = authority,
                ["Outlay__StopWhenStdinCloses"] = "true",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Expenses spread over ten years and ten categories, and the rollup recomputed from them, in set-based SQL.</summary>
    private static async Task SeedAsync(string connectionString, Guid user, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO expenses (id, owner_id, category_id, amount, amount_units, currency, spent_on, description, merchant, notes, tags,
                                  search_text, fingerprint, created_at, updated_at, version)
            SELECT gen_random_uuid(), @user, ('00000000-0000-4000-8000-' || lpad((1 + i % 10)::text, 12, '0'))::uuid,
                   (i % 10000) / 100.0, (i % 10000) * 100, 'EUR', date '2026-06-30' - (i % 3650), 'bench ' || i, NULL, NULL, '',
                   'BENCH ' || i, left(md5(i::text), 32), now(), now(), 1
            FROM generate_series(1, @count) AS i;
            INSERT INTO category_month_totals (user_id, month, category_id, currency, total_units, entry_count)
            SELECT owner_id, (extract(year FROM spent_on) * 100 + extract(month FROM spent_on))::int, category_id, currency, sum(amount_units), count(*)
            FROM expenses WHERE owner_id = @user GROUP BY 1, 2, 3, 4;
            ANALYZE expenses;
            ANALYZE category_month_totals;
            """, connection) { CommandTimeout = 0 };
        insert.Parameters.AddWithValue("user", user);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync();
    }

    private static Task<Rate> CreateRateAsync(int port, TestKeyAuthority authority, Guid user, TimeSpan duration)
    {
        var client = Client(port, authority, user);
        var body = new { amount = "12.34", currency = "EUR", spentOn = "2026-05-01", description = "bench lunch", tags = new[] { "bench" } };
        return Measure.RateAsync("create", async () => (await client.PostAsJsonAsync("/api/expenses", body)).EnsureSuccessStatusCode(), duration, workers: 4);
    }

    private static Task<Rate> SummaryRateAsync(int port, TestKeyAuthority authority, Guid user, TimeSpan duration)
    {
        var client = Client(port, authority, user);
        return Measure.RateAsync("summary", async () => (await client.GetAsync("/api/expenses/summary?from=2025-06&groupBy=category")).EnsureSuccessStatusCode(), duration);
    }

    private static HttpClient Client(int port, TestKeyAuthority authority, Guid user)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", authority.Issue(user));
        return client;
    }

    internal static async Task DropAsync(string postgres, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ToString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
