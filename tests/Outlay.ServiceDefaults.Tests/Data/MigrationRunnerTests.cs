using System.Data.Common;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

using Npgsql;

using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Data.Migrations;
using Outlay.Testing;

namespace Outlay.ServiceDefaults.Tests.Data;

/// <summary>The runner over this assembly's two test migrations, on both providers.</summary>
public abstract class MigrationRunnerTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Replicas_migrating_at_once_apply_each_script_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync(provider, "runner");
        var target = Target(database);
        var applied = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Runner(target).MigrateAsync(CancellationToken.None))));
        Assert.Equal(2, applied.Sum());
        Assert.Equal(2L, await ScalarAsync(database, $"SELECT COUNT(*) FROM {MigrationRunner.HistoryTable}"));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM widgets"));
    }

    /// <summary>
    /// What the AppHost does with two instances of a service: both start on a database that does not exist yet
    /// (PostgreSQL: both try to create it; SQLite: both open a new file) and migrate the service's scripts and a
    /// library's (the messaging outbox and inbox) at once.
    /// </summary>
    [Fact]
    public async Task Replicas_starting_on_a_missing_database_create_it_and_migrate_service_and_library_once()
    {
        await using var database = await TestDatabase.CreateAsync(provider, "runner");
        await database.DropAsync();
        var target = new DatabaseTarget(database.Provider, database.ConnectionString, CreateIfMissing: true, typeof(MigrationRunnerTests).Assembly);
        var library = new MigrationModule("library", typeof(MigrationRunnerTests).Assembly, "library-migrations");
        using var start = new Barrier(4);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await new MigrationRunner(target, [library], NullLogger<MigrationRunner>.Instance).MigrateAsync(CancellationToken.None);
        })));

        Assert.Equal(3, applied.Sum());
        Assert.Equal(2L, await ScalarAsync(database, $"SELECT COUNT(*) FROM {MigrationRunner.HistoryTable}"));
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT COUNT(*) FROM {library.HistoryTable}"));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM gadgets"));
    }

    [Fact]
    public async Task An_applied_script_that_was_edited_stops_the_start()
    {
        await using var database = await TestDatabase.CreateAsync(provider, "runner");
        await Runner(Target(database)).MigrateAsync(CancellationToken.None);
        await ScalarAsync(database, $"UPDATE {MigrationRunner.HistoryTable} SET checksum = 'DIFFERENT' WHERE version = 1");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner(Target(database)).MigrateAsync(CancellationToken.None));
        Assert.Contains("changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_scripts_load_in_version_order()
    {
        var migrations = SqlMigration.LoadAll(MigrationModule.ForService(typeof(MigrationRunnerTests).Assembly), provider);
        Assert.Equal([1, 2], migrations.Select(m => m.Version));
        Assert.Equal("widgets", migrations[0].Name);
        await Task.CompletedTask;
    }

    private static DatabaseTarget Target(TestDatabase database) =>
        new(database.Provider, database.ConnectionString, false, typeof(MigrationRunnerTests).Assembly);

    private static MigrationRunner Runner(DatabaseTarget target) => new(target, [], NullLogger<MigrationRunner>.Instance);

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql)
    {
        await using DbConnection connection = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

public sealed class MigrationRunnerOnSqlite() : MigrationRunnerTests(DatabaseProvider.Sqlite);

public sealed class MigrationRunnerOnPostgres() : MigrationRunnerTests(DatabaseProvider.Postgres);
