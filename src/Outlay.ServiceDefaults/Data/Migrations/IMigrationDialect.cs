using System.Data.Common;

namespace Outlay.ServiceDefaults.Data.Migrations;

/// <summary>What differs between providers when migrating: how to lock, and how to create the history table.</summary>
internal interface IMigrationDialect
{
    string CreateHistoryTableSql(string table);

    DbConnection CreateUnpooledConnection(string connectionString);

    Task PrepareDatabaseAsync(DatabaseTarget database, CancellationToken cancellationToken);

    /// <summary>Blocks until this connection is the only migrator of the database.</summary>
    Task LockAsync(DbConnection connection, CancellationToken cancellationToken);

    Task UnlockAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A transaction for one migration, or null where the lock's transaction already covers it.</summary>
    Task<DbTransaction?> BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    Task CommitAsync(DbTransaction? transaction, CancellationToken cancellationToken);
}
