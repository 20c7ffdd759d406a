using System.Data.Common;

using Npgsql;

namespace Outlay.ServiceDefaults.Data.Migrations;

/// <summary>
/// A session-level advisory lock serialises migrators of one database; each script then runs in its own
/// transaction with its history row, so a failed script leaves the earlier ones applied and recorded.
/// </summary>
internal sealed class PostgresMigrationDialect : IMigrationDialect
{
    // Any constant works: the lock is scoped to the database the connection points at.
    private const long LockKey = 0x4F75_746C_6179_0001;

    public string CreateHistoryTableSql(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table} (version integer NOT NULL PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at text NOT NULL)";

    public DbConnection CreateUnpooledConnection(string connectionString) =>
        new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());

    public async Task PrepareDatabaseAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        if (!database.CreateIfMissing)
        {
            return;
        }

        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var name = target.Database ?? throw new InvalidOperationException("The PostgreSQL connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another replica created it between our check and our CREATE.
        }
    }

    public Task LockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Run(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);

    public Task UnlockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Run(connection, $"SELECT pg_advisory_unlock({LockKey})", cancellationToken);

    public async Task<DbTransaction?> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public Task CommitAsync(DbTransaction? transaction, CancellationToken cancellationToken) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    private static async Task Run(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
