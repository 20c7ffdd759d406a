using Microsoft.Extensions.DependencyInjection;

using Outlay.Ordering.Infrastructure;
using Outlay.ServiceDefaults.Data.Migrations;
using Outlay.Testing;

namespace Outlay.Ordering.Tests.Orders;

/// <summary>The hand-written migrations build exactly the schema the EF model describes, on both providers.</summary>
public abstract class SchemaTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : OrderingFixture
{
    [Fact]
    public async Task The_migrated_schema_matches_the_ef_model()
    {
        var database = fixture.Service.Database;
        var fromModel = SchemaSnapshot.WithoutMessagingTables(await SchemaSnapshot.OfModelAsync<OrderingDbContext>(database.Provider, options => new(options)));
        var fromMigrations = SchemaSnapshot.WithoutMessagingTables(await SchemaSnapshot.ReadAsync(database.Provider, database.ConnectionString));

        Assert.Contains("orders", fromModel, StringComparison.Ordinal);
        Assert.Equal(fromModel, fromMigrations);
    }

    [Fact]
    public async Task Migrating_again_applies_nothing() =>
        Assert.Equal(0, await fixture.Service.Services.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None));
}

public sealed class SchemaOnSqlite(SqliteOrdering fixture) : SchemaTests<SqliteOrdering>(fixture);

public sealed class SchemaOnPostgres(PostgresOrdering fixture) : SchemaTests<PostgresOrdering>(fixture);
