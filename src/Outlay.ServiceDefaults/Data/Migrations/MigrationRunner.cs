using System.Data.Common;
using System.Globalization;

using Microsoft.Extensions.Logging;

namespace Outlay.ServiceDefaults.Data.Migrations;

/// <summary>
/// Applies the pending versioned SQL scripts of one provider, in order, each with its history row in the
/// same transaction, while holding a database-wide lock so that replicas starting together migrate once.
/// A script already applied whose text has changed stops the start-up: history is never rewritten.
/// </summary>
public sealed partial class MigrationRunner(DatabaseTarget database, IEnumerable<MigrationModule> libraryModules, ILogger<MigrationRunner> logger)
{
    public const string HistoryTable = "__outlay_migrations";

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var service = MigrationModule.ForService(database.MigrationsAssembly);
        if (SqlMigration.LoadAll(service, database.Provider).Count == 0)
        {
            throw new InvalidOperationException($"No {database.Provider} migrations are embedded in {database.MigrationsAssembly.GetName().Name}.");
        }

        IMigrationDialect dialect = database.Provider == DatabaseProvider.Sqlite ? new SqliteMigrationDialect() : new PostgresMigrationDialect();
        await dialect.PrepareDatabaseAsync(database, cancellationToken);
        // Unpooled: if anything below throws, closing the connection releases the lock and rolls back.
        await using var connection = dialect.CreateUnpooledConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await dialect.LockAsync(connection, cancellationToken);
        var count = 0;
        foreach (var module in libraryModules.Prepend(service))
        {
            count += await MigrateModuleAsync(connection, dialect, module, cancellationToken);
        }

        await dialect.UnlockAsync(connection, cancellationToken);
        return count;
    }

    private async Task<int> MigrateModuleAsync(DbConnection connection, IMigrationDialect dialect, MigrationModule module, CancellationToken cancellationToken)
    {
        var history = module.HistoryTable;
        await Execute(connection, dialect.CreateHistoryTableSql(history), null, cancellationToken);
        var applied = await ReadHistory(connection, history, cancellationToken);
        var count = 0;
        foreach (var migration in SqlMigration.LoadAll(module, database.Provider))
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (!string.Equals(checksum, migration.Checksum, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version} ({migration.Name}) of {history} was changed after it was applied; add a new migration instead.");
                }

                continue;
            }

            await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
            await Execute(connection, migration.Sql, transaction, cancellationToken);
            await Execute(connection,
                $"INSERT INTO {history} (version, name, checksum, applied_at) VALUES ({migration.Version}, '{migration.Name.Replace("'", "''", StringComparison.Ordinal)}', '{migration.Checksum}', '{DateTime.UtcNow:O}')",
                transaction, cancellationToken);
            await dialect.CommitAsync(transaction, cancellationToken);
            LogApplied(logger, migration.Version, migration.Name, history, database.Provider);
            count++;
        }

        return count;
    }

    private static async Task<Dictionary<int, string>> ReadHistory(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version, checksum FROM {table}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var history = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            history[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        }

        return history;
    }

    private static async Task Execute(DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}) of {History} on {Provider}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string history, DatabaseProvider provider);
}
