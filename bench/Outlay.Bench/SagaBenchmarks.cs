using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Npgsql;

namespace Outlay.Bench;

/// <summary>
/// The order saga end to end with real Catalog and Ordering processes: <c>POST /api/orders</c> stores the order and
/// <c>OrderPlaced</c>, Catalog reserves the stock and answers, Ordering decides. Measured per set-up (SQLite with the
/// embedded broker, PostgreSQL with RabbitMQ): the capacity in orders per second (a burst of 500 placed by 8 clients,
/// until the last is decided), and placed → decided (the order's own <c>createdAt</c> → <c>decidedAt</c>, one clock) for
/// 200 orders arriving steadily at half that capacity and for 50 placed one at a time. The reference, on the same set-up in the same run, is one
/// event through the messaging pipeline (outbox → broker → inbox + handler), one at a time: the saga makes two such
/// hops, so "saga p50 / one-hop p50" near 2 says the saga's own work (pricing, the reservation, the decision) costs
/// little next to the transport.
/// </summary>
internal static class SagaBenchmarks
{
    private const int Orders = 500;
    private const int Clients = 8;
    private const int Paced = 200;
    private const int OneAtATime = 50;
    private const int Products = 20;

    public static async Task RunAsync()
    {
        var postgres = MessagingBenchmarks.Variable("POSTGRES");
        var rabbit = MessagingBenchmarks.Variable("RABBITMQ");
        await using var authority = await TestKeyAuthority.StartAsync();
        // The machine may be shared: the load average says how far the figures are from an idle one.
        Console.WriteLine($"  load average before: {LoadAverage()}");
        var results = new List<(Rate Burst, Rate HalfLoad)>();
        foreach (var (database, broker) in new[] { ("Sqlite", "Embedded"), ("Postgres", "RabbitMq") })
        {
            if ((database == "Postgres" && postgres is null) || (broker == "RabbitMq" && rabbit is null))
            {
                Console.WriteLine($"  skipped {database} + {broker}: no server configured");
                continue;
            }

            var (load, halfLoad, single, rejected) = await SagaAsync(database, broker, postgres, rabbit, authority);
            Console.WriteLine(load);
            Console.WriteLine(halfLoad);
            Console.WriteLine(single);
            Console.WriteLine($"  ({rejected} of {Orders + Paced} rejected: every product has ample stock, so the saga reserves)");
            var hop = await MessagingBenchmarks.PipelineAsync(database, broker, postgres, rabbit);
            Console.WriteLine(hop);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio saga placed->decided p50 / one pipeline hop p50 = {single.P50Ms / hop.P50Ms:N2} (two hops: 2.00 plus the saga's own work)"));
            results.Add((load, halfLoad));
        }

        Console.WriteLine($"  load average after: {LoadAverage()}");
        if (results.Count == 2)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio PostgreSQL+RabbitMQ / SQLite+embedded: capacity {results[1].Burst.PerSecond / results[0].Burst.PerSecond:N2}, p50 at half capacity {results[1].HalfLoad.P50Ms / results[0].HalfLoad.P50Ms:N2}"));
        }
    }

    private static async Task<(Rate Burst, Rate HalfLoad, Rate Single, int Rejected)> SagaAsync(string database, string broker, string? postgres, string? rabbit, TestKeyAuthority authority)
    {
        var data = Directory.CreateTempSubdirectory("outlay-bench-").FullName;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var databases = new[] { "bench_catalog_" + suffix, "bench_ordering_" + suffix };
        var shared = new Dictionary<string, string>
        {
            ["Outlay__Database__DataFolder"] = data,
            ["Outlay__Database__Provider"] = database,
            ["Outlay__Database__CreateIfMissing"] = "true",
            ["Outlay__Messaging__Transport"] = broker,
            ["Outlay__Messaging__DeclareTopology"] = "false",
            ["Outlay__Auth__Authority"] = authority.Url,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (broker == "RabbitMq")
        {
            shared["Outlay__Messaging__RabbitMq__Uri"] = rabbit!;
            shared["Outlay__Messaging__RabbitMq__Exchange"] = "bench.saga." + suffix;
        }

        Dictionary<string, string> For(string name) => database == "Postgres"
            ? new(shared) { ["Outlay__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ToString() }
            : shared;

        try
        {
            // Each declares its queue at start, before anything is published.
            await using var catalog = await BenchService.StartAsync("Outlay.Catalog.dll", For(databases[0]));
            await using var ordering = await BenchService.StartAsync("Outlay.Ordering.dll", For(databases[1]));
            var admin = Authorized(catalog, authority, Guid.NewGuid(), "admin");
            var products = new List<Guid>();
            for (var i = 0; i < Products; i++)
            {
                var created = await admin.PostAsJsonAsync("/api/products", new { name = $"Bench product {suffix} {i}", price = "9.99", currency = "EUR", quantity = 1_000_000 });
                created.EnsureSuccessStatusCode();
                products.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }

            var orderingAdmin = Authorized(ordering, authority, Guid.NewGuid(), "admin");
            var buyer = Authorized(ordering, authority, Guid.NewGuid());
            // Warm-up: one decided order per product, which also waits until Ordering's replica has every product.
            foreach (var product in products)
            {
                await DecisionAsync(orderingAdmin, await PlaceAsync(buyer, product, waitForReplica: true), TimeSpan.FromMilliseconds(10));
            }

            // Capacity: eight clients place the orders as fast as Ordering takes them; the rate is orders over the time
            // until the last is decided. Their placed -> decided times are mostly queueing behind the burst.
            var stopwatch = Stopwatch.StartNew();
            var burst = await PlaceAllAsync(Orders, Clients, async i => await PlaceAsync(buyer, products[i % Products]));
            await WaitUntilDecidedAsync(orderingAdmin);
            var capacity = Orders / stopwatch.Elapsed.TotalSeconds;
            var (burstTimes, rejected) = await DecisionTimesAsync(orderingAdmin, burst);
            var load = new Rate($"saga {database} + {broker}, burst of {Orders} by {Clients} clients", capacity,
                Percentile(burstTimes, 0.5), Percentile(burstTimes, 0.99));

            // Latency under load: orders arrive at a steady half of that capacity, not waiting for one another.
            var interval = TimeSpan.FromSeconds(2 / capacity);
            var pacedStart = Stopwatch.StartNew();
            var paced = await PlaceAllAsync(Paced, Paced, async i =>
            {
                var due = interval * i;
                if (due > pacedStart.Elapsed)
                {
                    await Task.Delay(due - pacedStart.Elapsed);
                }

                return await PlaceAsync(buyer, products[i % Products]);
            });
            await WaitUntilDecidedAsync(orderingAdmin);
            var (pacedTimes, pacedRejected) = await DecisionTimesAsync(orderingAdmin, paced);
            rejected += pacedRejected;
            var halfLoad = new Rate($"saga {database} + {broker}, {Paced} orders at half that rate", Paced / pacedStart.Elapsed.TotalSeconds,
                Percentile(pacedTimes, 0.5), Percentile(pacedTimes, 0.99));

            var single = new List<double>();
            var singleWatch = Stopwatch.StartNew();
            for (var i = 0; i < OneAtATime; i++)
            {
                single.Add((await DecisionAsync(orderingAdmin, await PlaceAsync(buyer, products[i % Products]), TimeSpan.FromMilliseconds(5))).Milliseconds);
            }

            single.Sort();
            return (load, halfLoad, new Rate($"saga {database} + {broker}, one order at a time ({OneAtATime})", OneAtATime / singleWatch.Elapsed.TotalSeconds,
                Percentile(single, 0.5), Percentile(single, 0.99)), rejected);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            if (database == "Postgres")
            {
                foreach (var name in databases)
                {
                    await ExpensesBenchmarks.DropAsync(postgres!, name);
                }
            }
        }
    }

    private static HttpClient Authorized(BenchService service, TestKeyAuthority authority, Guid user, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = service.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", authority.Issue(user, roles));
        return client;
    }

    private static async Task<Guid> PlaceAsync(HttpClient buyer, Guid product, bool waitForReplica = false)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await buyer.PostAsJsonAsync("/api/orders", new
            {
                items = new[] { new { productId = product, quantity = 1 } },
                deliveryAddress = new { street = "1 Bench Street", city = "Berlin", state = "BE", postalCode = "10115", country = "Germany" },
            });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }

            // 422 "no such product" until ProductCreated has reached Ordering's replica.
            if (!waitForReplica || response.StatusCode != HttpStatusCode.UnprocessableEntity || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Placing an order failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Polls the order every <paramref name="poll"/> until it is decided; returns placed -> decided in milliseconds by the
    /// order's own timestamps (so polling adds no error) and the decision.
    /// </summary>
    private static async Task<(double Milliseconds, string Status)> DecisionAsync(HttpClient admin, Guid order, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var body = await admin.GetFromJsonAsync<JsonElement>($"/api/orders/{order}");
            if (body.GetProperty("decidedAt").ValueKind != JsonValueKind.Null)
            {
                return ((body.GetProperty("decidedAt").GetDateTime() - body.GetProperty("createdAt").GetDateTime()).TotalMilliseconds,
                    body.GetProperty("status").GetString()!);
            }

            await Task.Delay(poll);
        }

        throw new TimeoutException($"Order {order} was not decided within a minute.");
    }

    /// <summary>Places <paramref name="count"/> orders on <paramref name="workers"/> concurrent workers; returns their ids.</summary>
    private static async Task<HashSet<Guid>> PlaceAllAsync(int count, int workers, Func<int, Task<Guid>> place)
    {
        var ids = new HashSet<Guid>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < count)
            {
                var id = await place(i);
                lock (ids)
                {
                    ids.Add(id);
                }
            }
        })));
        return ids;
    }

    private static async Task WaitUntilDecidedAsync(HttpClient admin)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while ((await admin.GetFromJsonAsync<JsonElement>("/api/orders?status=pending&pageSize=1")).GetProperty("total").GetInt32() > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Orders were still pending after five minutes.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Pages through every order (as an admin): the sorted placed -> decided times of <paramref name="wanted"/>, and how many were rejected.</summary>
    private static async Task<(List<double> Milliseconds, int Rejected)> DecisionTimesAsync(HttpClient admin, HashSet<Guid> wanted)
    {
        var times = new List<double>();
        var rejected = 0;
        for (var page = 1; ; page++)
        {
            var items = (await admin.GetFromJsonAsync<JsonElement>($"/api/orders?page={page}&pageSize=100")).GetProperty("items");
            foreach (var order in items.EnumerateArray().Where(o => wanted.Contains(o.GetProperty("id").GetGuid())))
            {
                times.Add((order.GetProperty("decidedAt").GetDateTime() - order.GetProperty("createdAt").GetDateTime()).TotalMilliseconds);
                rejected += order.GetProperty("status").GetString() == "rejected" ? 1 : 0;
            }

            if (items.GetArrayLength() < 100)
            {
                break;
            }
        }

        times.Sort();
        return (times, rejected);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Percentile(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))];
}
