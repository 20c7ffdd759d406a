using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Reservations;
using Outlay.Contracts.Catalog;
using Outlay.Contracts.Ordering;
using Outlay.Messaging.Outbox;
using Outlay.Ordering.Infrastructure;
using Outlay.Ordering.Orders;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Ordering.Tests.Crash;

/// <summary>
/// Catalog as a real process, killed with SIGKILL while orders stream in, then started again on the same database and
/// broker. Ordering runs in-process beside it. Afterwards every order is decided exactly once: one decision in
/// Ordering (one status change, version 2), one reservation row and one answer in Catalog, and the units reserved are
/// exactly those of the accepted orders.
/// </summary>
public abstract class CatalogCrashTests(DatabaseProvider provider, BrokerKind brokerKind) : IAsyncLifetime
{
    private const int Products = 3;
    private const int UnitsEach = 60;
    private const int OrdersWhileRunning = 50;
    private const int OrdersWhileDown = 20;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly string CatalogAssembly = Path.Combine(AppContext.BaseDirectory, "Outlay.Catalog.dll");
    private readonly ConcurrentBag<Guid> placed = [];
    private TestBroker? broker;
    private TestTokenAuthority? authority;
    private TestDatabase? catalogDatabase;
    private ServiceProcess? catalog;
    private RunningService<OrderingDbContext>? ordering;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            _ = TestDatabase.RequirePostgres();
        }

        broker = TestBroker.Create(brokerKind);
        authority = await TestTokens.Shared.ServeAsync();
        catalogDatabase = await TestDatabase.CreateAsync(provider, "catalog");
        var settings = new Dictionary<string, string?>(catalogDatabase.Settings.Concat(broker.Settings("catalog")).Concat(authority.Settings))
        {
            ["Outlay:Messaging:Consumer:FirstRetryDelay"] = "00:00:00.2",
            ["Outlay:Messaging:Outbox:SweepInterval"] = "00:00:00.5",
            // Deliveries the killed process had claimed from the embedded broker come back once their lease runs out.
            ["Outlay:Messaging:Embedded:LeaseDuration"] = "00:00:03",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        catalog = new ServiceProcess(CatalogAssembly, settings);
        // Both consumers declare their queues before anything is published.
        await catalog.StartAsync();
        ordering = await RunningService<OrderingDbContext>.StartAsync(provider, broker, "ordering");
    }

    public async ValueTask DisposeAsync()
    {
        if (ordering is not null)
        {
            await ordering.DisposeAsync();
        }

        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }

        if (catalogDatabase is not null)
        {
            await catalogDatabase.DisposeAsync();
        }

        if (authority is not null)
        {
            await authority.DisposeAsync();
        }

        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Catalog_killed_with_orders_pending_decides_each_exactly_once_after_restart()
    {
        var products = new List<Guid>();
        for (var i = 0; i < Products; i++)
        {
            products.Add(await CreateProductAsync(UnitsEach));
        }

        var replicated = await Eventually.ReadAsync(() => Ordering.WithDbAsync(db => db.Products.CountAsync()), n => n == Products, Deadline);
        Assert.Equal(Products, replicated);

        // Orders keep coming while Catalog is deciding; it dies once it has decided a few, with others in flight.
        var streaming = PlaceOrdersAsync(products, OrdersWhileRunning, seed: 1);
        var decidedBeforeKill = await Eventually.ReadAsync(DecidedCountAsync, n => n >= 10, Deadline);
        Assert.True(decidedBeforeKill >= 10, $"Catalog decided only {decidedBeforeKill} orders:\n{catalog!.Output}");
        await catalog!.KillAsync();
        await streaming;
        // Ordering takes orders without Catalog: these wait, pending, in its outbox or the broker.
        var placedWhileDown = await PlaceOrdersAsync(products, OrdersWhileDown, seed: 2);
        Assert.True(placedWhileDown >= OrdersWhileDown / 2, $"Ordering refused most orders early: only {placedWhileDown} placed.");
        var pendingAtRestart = await Ordering.WithDbAsync(db => db.Orders.CountAsync(o => o.Status == OrderStatus.Pending));
        Assert.True(pendingAtRestart >= placedWhileDown, $"Only {pendingAtRestart} orders were pending when Catalog restarted.");

        await catalog.StartAsync();
        var stillPending = await Eventually.ReadAsync(() => Ordering.WithDbAsync(db => db.Orders.CountAsync(o => o.Status == OrderStatus.Pending)),
            n => n == 0, Deadline);
        Assert.True(stillPending == 0, $"{stillPending} orders were never decided:\n{catalog.Output}");

        await AssertDecidedExactlyOnceAsync(products);
    }

    private async Task AssertDecidedExactlyOnceAsync(List<Guid> products)
    {
        var orders = await Ordering.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).ToListAsync());
        Assert.Equal(placed.Order(), orders.Select(o => o.Id).Order());
        Assert.All(orders, o => Assert.True(o.Status is OrderStatus.Accepted or OrderStatus.Rejected, $"{o.Id} is {o.Status}"));
        // Placed at version 1; a second decision would have moved it again, or at least published a second status change.
        Assert.All(orders, o => Assert.Equal(2, o.Version));
        var statusChanges = await Ordering.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == OrderStatusChanged.EventType).GroupBy(m => m.AggregateKey).Select(g => g.Count()).ToListAsync());
        Assert.Equal(orders.Count, statusChanges.Count);
        Assert.All(statusChanges, count => Assert.Equal(1, count));

        await using var db = new CatalogDbContext(catalogDatabase!.ContextOptions<CatalogDbContext>());
        var reservations = await db.Reservations.AsNoTracking().Include(r => r.Lines).ToListAsync();
        Assert.Equal(orders.Count, reservations.Count);
        var accepted = orders.Where(o => o.Status == OrderStatus.Accepted).ToList();
        Assert.Equal(accepted.Select(o => o.Id).Order(), reservations.Where(r => r.Status == ReservationStatus.Reserved).Select(r => r.OrderId).Order());
        Assert.All(reservations, r => Assert.True(r.Status is ReservationStatus.Reserved or ReservationStatus.Rejected, $"{r.OrderId} is {r.Status}"));
        var answers = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == StockReserved.EventType || m.Type == StockRejected.EventType)
            .GroupBy(m => m.AggregateKey).Select(g => g.Count()).ToListAsync();
        Assert.Equal(orders.Count, answers.Count);
        Assert.All(answers, count => Assert.Equal(1, count));

        var stock = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => (p.QuantityOnHand, p.Reserved));
        foreach (var product in products)
        {
            var wanted = accepted.SelectMany(o => o.Lines).Where(l => l.ProductId == product).Sum(l => l.Quantity);
            Assert.Equal((UnitsEach, wanted), stock[product]);
        }

        // More was ordered than the stock holds: both decisions were exercised.
        Assert.Contains(orders, o => o.Status == OrderStatus.Accepted);
        Assert.Contains(orders, o => o.Status == OrderStatus.Rejected);
    }

    private RunningService<OrderingDbContext> Ordering => ordering ?? throw new InvalidOperationException("Not started.");

    private Task<int> DecidedCountAsync() => Ordering.WithDbAsync(db => db.Orders.CountAsync(o => o.Status != OrderStatus.Pending));

    private async Task<Guid> CreateProductAsync(int quantity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products")
        {
            Content = JsonContent.Create(new { name = "Crash product " + Guid.NewGuid().ToString("N")[..10], price = "5.00", currency = "EUR", quantity }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Shared.Issue(Guid.NewGuid(), "admin@example.com", "admin"));
        using var response = await catalog!.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Places <paramref name="count"/> orders one after another, each of one or two products, one to three units a line:
    /// more than the stock holds, so some are rejected. Orders the replica already shows cannot be served are refused
    /// (422) and never reach the saga; they are not counted.
    /// </summary>
    /// <returns>How many were placed.</returns>
    private async Task<int> PlaceOrdersAsync(List<Guid> products, int count, int seed)
    {
        var random = new Random(seed);
        var created = 0;
        for (var i = 0; i < count; i++)
        {
            var lines = products.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(p => new { productId = p, quantity = random.Next(1, 4) }).ToList();
            using var response = await Ordering.As(Guid.NewGuid()).PostAsJsonAsync("/api/orders", new
            {
                items = lines,
                deliveryAddress = new { street = "1 Crash Road", city = "Berlin", state = "BE", postalCode = "10115", country = "Germany" },
            });
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
            if (response.StatusCode == HttpStatusCode.Created)
            {
                placed.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
                created++;
            }
        }

        return created;
    }
}

public sealed class CatalogCrashOnSqliteWithEmbeddedBroker() : CatalogCrashTests(DatabaseProvider.Sqlite, BrokerKind.Embedded);

[Collection(SharedRabbitMqQueues.Name)]
public sealed class CatalogCrashOnPostgresWithRabbitMq() : CatalogCrashTests(DatabaseProvider.Postgres, BrokerKind.RabbitMq);
