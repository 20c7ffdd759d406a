using System.Data.Common;

using Microsoft.Data.Sqlite;

namespace Outlay.ServiceDefaults.Data.Migrations;

/// <summary>
/// SQLite has no advisory locks, so the migrator takes the file's write lock with <c>BEGIN IMMEDIATE</c> and
/// keeps it for the whole run: every pending script and its history row commit together (SQLite DDL is
/// transactional), and a second process waits on the busy timeout, then sees the scripts already applied.
/// </summary>
internal sealed class SqliteMigrationDialect : IMigrationDialect
{
    public string CreateHistoryTableSql(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table} (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

    public DbConnection CreateUnpooledConnection(string connectionString) =>
        new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());

    public async Task PrepareDatabaseAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        // WAL lets readers run beside the writer; it is a property of the file, set once.
        await using var connection = CreateUnpooledConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await Run(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
    }

    public Task LockAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Run(connection, "PRAGMA busy_timeout=60000; BEGIN IMMEDIATE;", cancellationToken);

    public Task UnlockAsync(DbConnection connection, CancellationToken cancellationToken) => Run(connection, "COMMIT;", cancellationToken);

    public Task<DbTransaction?> BeginAsync(DbConnection connection, CancellationToken cancellationToken) => Task.FromResult<DbTransaction?>(null);

    public Task CommitAsync(DbTransaction? transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task Run(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
