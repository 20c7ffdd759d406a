using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Catalog.Infrastructure;
using Outlay.Contracts;
using Outlay.Messaging;
using Outlay.Messaging.Outbox;
using Outlay.Messaging.Transport;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Catalog.Tests;

/// <summary>One running Catalog per test class and provider, on its own database and a private embedded broker.</summary>
public abstract class CatalogHost(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? database;
    private TestBroker? broker;
    private CatalogFactory? factory;

    public DatabaseProvider Provider => provider;

    public CatalogFactory Factory => factory ?? throw new InvalidOperationException("Not started.");

    public TestDatabase Database => database!;

    public IMessageTransport Transport => Factory.Services.GetRequiredService<IMessageTransport>();

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) && !TestDatabase.IsCi)
        {
            return; // Each test skips through Client().
        }

        database = await TestDatabase.CreateAsync(provider, "catalog");
        broker = TestBroker.Create(BrokerKind.Embedded);
        var settings = broker.Settings("catalog");
        settings["Outlay:Http:MaxRequestBodyBytes"] = "65536";
        settings["Outlay:Messaging:Consumer:FirstRetryDelay"] = "00:00:00.1";
        settings["Catalog:GaugeRefreshInterval"] = "00:00:00.2";
        factory = new CatalogFactory(database, settings);
        _ = factory.Server;
    }

    /// <summary>Skips (locally) when the provider's server is not configured.</summary>
    public HttpClient Client()
    {
        if (factory is null)
        {
            TestDatabase.RequirePostgres();
        }

        return Factory.CreateClient();
    }

    public HttpClient As(params string[] roles)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Shared.Issue(Guid.NewGuid(), $"someone-{Guid.NewGuid():N}@example.com", roles));
        return client;
    }

    public HttpClient Admin() => As("admin");

    public async Task<T> WithDbAsync<T>(Func<CatalogDbContext, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
    }

    public async Task<Guid> CreateCategoryAsync(string? name = null)
    {
        var response = await Admin().PostAsJsonAsync("/api/categories", new { name = name ?? "Category " + Guid.NewGuid().ToString("N")[..8] });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> CreateProductAsync(int quantity = 10, string price = "19.90", string? name = null, Guid[]? categories = null, string description = "")
    {
        var response = await Admin().PostAsJsonAsync("/api/products", new
        {
            name = name ?? "Product " + Guid.NewGuid().ToString("N")[..10],
            description,
            price,
            currency = "EUR",
            quantity,
            categoryIds = categories ?? [],
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>(on hand, reserved) straight from the database.</summary>
    public Task<(int OnHand, int Reserved)> StockAsync(Guid productId) =>
        WithDbAsync(async db => await db.Products.AsNoTracking().Where(p => p.Id == productId)
            .Select(p => new ValueTuple<int, int>(p.QuantityOnHand, p.Reserved)).SingleAsync());

    /// <summary>The events of one type that Catalog committed to its outbox, oldest first.</summary>
    public Task<List<TEvent>> PublishedAsync<TEvent>() where TEvent : IIntegrationEvent =>
        WithDbAsync(async db =>
        {
            var type = TEvent.EventType;
            var payloads = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == type)
                .OrderBy(m => m.Sequence).Select(m => m.Payload).ToListAsync();
            return payloads.Select(p => JsonSerializer.Deserialize<TEvent>(p, EventSerializer.Options)!).ToList();
        });

    public Task<Guid> PublishAsync<TEvent>(TEvent integrationEvent, Guid? messageId = null) where TEvent : IIntegrationEvent =>
        TestBroker.PublishAsync(Transport, integrationEvent, "ordering", messageId);

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public sealed class CatalogFactory(TestDatabase database, Dictionary<string, string?> settings) : ServiceFactory<CatalogDbContext>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(TestTokens.Shared.TrustIn);
        }
    }
}

public sealed class SqliteCatalog() : CatalogHost(DatabaseProvider.Sqlite);

public sealed class PostgresCatalog() : CatalogHost(DatabaseProvider.Postgres);
