using System.Net.Http.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Catalog;
using Outlay.Contracts.Identity;
using Outlay.Ordering.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Ordering.Tests.Orders;

/// <summary>Ordering alone on a private embedded broker; the tests publish Catalog's and Identity's events themselves.</summary>
public abstract class OrderingFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private TestBroker? broker;
    private RunningService<OrderingDbContext>? service;

    public RunningService<OrderingDbContext> Service
    {
        get
        {
            if (service is null)
            {
                TestDatabase.RequirePostgres();
            }

            return service!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) && !TestDatabase.IsCi)
        {
            return;
        }

        broker = TestBroker.Create(BrokerKind.Embedded);
        service = await RunningService<OrderingDbContext>.StartAsync(provider, broker, "ordering",
            new() { ["Ordering:GaugeRefreshInterval"] = "00:00:00.2" });
    }

    /// <summary>Publishes a product snapshot as Catalog would and waits until the replica holds that version.</summary>
    public async Task<Guid> ProductAsync(int available = 10, decimal price = 9.99m, long version = 1, Guid? id = null, bool retired = false, string currency = "EUR")
    {
        var productId = id ?? Guid.NewGuid();
        var snapshot = new ProductSnapshot(productId, version, "Replica " + productId.ToString("N")[..6], price, currency, available, retired);
        await (version == 1
            ? Service.PublishAsync(new ProductCreated(snapshot), "catalog")
            : Service.PublishAsync(new ProductUpdated(snapshot), "catalog"));
        var held = await Eventually.ReadAsync(() => ReplicaVersionAsync(productId), v => v >= version, Deadline);
        Assert.True(held >= version, "The replica never caught up.");
        return productId;
    }

    public Task<long> ReplicaVersionAsync(Guid product) =>
        Service.WithDbAsync(db => db.Products.Where(p => p.ProductId == product).Select(p => p.Version).FirstOrDefaultAsync());

    public async Task ProfileAsync(Guid user, int version, string email, string street, bool registered = false)
    {
        var profile = new UserProfileSnapshot(user, version, email, "Jane", "Smith", [email],
            new PostalAddress(street, "San Francisco", "CA", "94107", "USA"), null);
        await (registered
            ? Service.PublishAsync(new UserRegistered(profile, DateTime.UtcNow), "identity")
            : Service.PublishAsync(new UserProfileUpdated(profile, DateTime.UtcNow), "identity"));
    }

    public Task<int> BuyerVersionAsync(Guid user) =>
        Service.WithDbAsync(db => db.Buyers.Where(b => b.UserId == user).Select(b => b.ProfileVersion).FirstOrDefaultAsync());

    public static object Address(string street = "1 Main Street") =>
        new { street, city = "Springfield", state = "IL", postalCode = "62701", country = "USA" };

    public static JsonContent Order(Guid product, int quantity = 1, object? address = null, string[]? emails = null) =>
        JsonContent.Create(new { items = new[] { new { productId = product, quantity } }, deliveryAddress = address, emails });

    public async ValueTask DisposeAsync()
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }

        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteOrdering() : OrderingFixture(DatabaseProvider.Sqlite);

public sealed class PostgresOrdering() : OrderingFixture(DatabaseProvider.Postgres);
