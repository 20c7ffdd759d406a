using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Ordering.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Ordering.Tests.Saga;

/// <summary>The store: real Catalog and real Ordering, each on its own database, connected by one private broker.</summary>
public abstract class StoreFixture(DatabaseProvider provider, BrokerKind brokerKind) : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private TestBroker? broker;
    private RunningService<CatalogDbContext>? catalog;
    private RunningService<OrderingDbContext>? ordering;

    public RunningService<CatalogDbContext> Catalog => catalog ?? throw new InvalidOperationException("Not started.");

    public RunningService<OrderingDbContext> Ordering => ordering ?? throw new InvalidOperationException("Not started.");

    public Guid AdminId { get; } = Guid.NewGuid();

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) && !TestDatabase.IsCi)
        {
            return;
        }

        if (brokerKind == BrokerKind.RabbitMq && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestRabbitMq.Variable)) && !TestDatabase.IsCi)
        {
            return;
        }

        broker = TestBroker.Create(brokerKind);
        catalog = await RunningService<CatalogDbContext>.StartAsync(provider, broker, "catalog");
        ordering = await RunningService<OrderingDbContext>.StartAsync(provider, broker, "ordering");
    }

    /// <summary>Skips (locally) when a server this fixture needs is not configured.</summary>
    public void RequireServers()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            TestDatabase.RequirePostgres();
        }

        if (brokerKind == BrokerKind.RabbitMq)
        {
            _ = TestRabbitMq.Uri;
        }
    }

    /// <summary>Creates a product in Catalog and waits until Ordering's replica has it.</summary>
    public async Task<Guid> StockProductAsync(int quantity, string price = "10.00")
    {
        RequireServers();
        var response = await Catalog.As(AdminId, "admin").PostAsJsonAsync("/api/products", new
        {
            name = "Saga product " + Guid.NewGuid().ToString("N")[..10],
            price,
            currency = "EUR",
            quantity,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var replicated = await Eventually.ReadAsync(() => Ordering.WithDbAsync(db => db.Products.AnyAsync(p => p.ProductId == id)), found => found, Deadline);
        Assert.True(replicated, "Ordering never received ProductCreated.");
        return id;
    }

    public async Task<HttpResponseMessage> PlaceAsync(Guid buyer, Guid product, int quantity) =>
        await Ordering.As(buyer).PostAsJsonAsync("/api/orders", new
        {
            items = new[] { new { productId = product, quantity } },
            deliveryAddress = new { street = "456 Technology Boulevard", city = "San Francisco", state = "CA", postalCode = "94107", country = "USA" },
        });

    public async Task<Guid> PlacedOrderAsync(Guid buyer, Guid product, int quantity)
    {
        var response = await PlaceAsync(buyer, product, quantity);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Reads the order (as an admin) until it leaves Pending.</summary>
    public async Task<JsonElement> DecidedAsync(Guid order)
    {
        var admin = Ordering.As(AdminId, "admin");
        var decided = await Eventually.ReadAsync(() => admin.GetFromJsonAsync<JsonElement>($"/api/orders/{order}"),
            o => o.GetProperty("status").GetString() != "pending", Deadline);
        Assert.NotEqual("pending", decided.GetProperty("status").GetString());
        return decided;
    }

    public Task<(int OnHand, int Reserved)> StockAsync(Guid product) =>
        Catalog.WithDbAsync(async db => await db.Products.AsNoTracking().Where(p => p.Id == product)
            .Select(p => new ValueTuple<int, int>(p.QuantityOnHand, p.Reserved)).SingleAsync());

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

        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteEmbeddedStore() : StoreFixture(DatabaseProvider.Sqlite, BrokerKind.Embedded);

public sealed class PostgresRabbitMqStore() : StoreFixture(DatabaseProvider.Postgres, BrokerKind.RabbitMq);
