using System.Net;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Metrics;
using Outlay.Contracts.Ordering;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Data.Migrations;
using Outlay.Testing;

namespace Outlay.Catalog.Tests;

/// <summary>What an operator relies on: the schema, readiness, metrics and the API description.</summary>
public abstract class OperationsTests<THost>(THost host) : IClassFixture<THost> where THost : CatalogHost
{
    [Fact]
    public async Task The_migrated_schema_matches_the_ef_model()
    {
        _ = host.Client();
        var fromModel = await SchemaSnapshot.OfModelAsync<CatalogDbContext>(host.Provider, options => new(options));
        var fromMigrations = await SchemaSnapshot.ReadAsync(host.Provider, host.Database.ConnectionString);
        Assert.NotEmpty(SchemaSnapshot.WithoutMessagingTables(fromModel));
        Assert.Equal(SchemaSnapshot.WithoutMessagingTables(fromModel), SchemaSnapshot.WithoutMessagingTables(fromMigrations));
        Assert.Equal(0, await host.Factory.Services.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Metrics_count_reservations_and_pass_promtool()
    {
        var client = host.Client();
        var product = (await host.CreateProductAsync(quantity: 1)).GetProperty("id").GetGuid();
        await host.PublishAsync(new OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), [new OrderLine(product, 2, 1m, "EUR")], DateTime.UtcNow));

        var metrics = await Eventually.ReadAsync(() => client.GetStringAsync("/metrics"),
            m => m.Contains("outlay_catalog_reservation_failures_total{reason=\"insufficient_stock\"}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Contains("outlay_catalog_reservations_total{outcome=\"rejected\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_catalog_reservations_outstanding", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_catalog_units_reserved", metrics, StringComparison.Ordinal);
        Promtool.AssertAccepts(metrics);
    }

    [Fact]
    public async Task Health_and_the_api_description_are_served()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var document = await client.GetStringAsync("/openapi/catalog/v1.json");
        Assert.Contains("/api/products/{id}/restock", document, StringComparison.Ordinal);
        Assert.Contains("/api/admin/messaging/catalog/dead-letters", document, StringComparison.Ordinal);
    }
}

public sealed class OperationsOnSqlite(SqliteCatalog host) : OperationsTests<SqliteCatalog>(host);

public sealed class OperationsOnPostgres(PostgresCatalog host) : OperationsTests<PostgresCatalog>(host);
