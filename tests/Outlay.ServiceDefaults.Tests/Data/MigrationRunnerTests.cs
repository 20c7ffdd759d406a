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
