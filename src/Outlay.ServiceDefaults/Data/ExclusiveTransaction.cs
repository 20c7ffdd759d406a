using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Outlay.ServiceDefaults.Data;

/// <summary>
/// A transaction that only one instance of a service at a time can hold for a given name, for check-then-create
/// work that replicas starting together must not both do (e.g. Identity creating its first signing key).
/// </summary>
public static class ExclusiveTransaction
{
    public static async Task<IDbContextTransaction> BeginExclusiveTransactionAsync(this DatabaseFacade database, string lockName, CancellationToken cancellationToken)
    {
        // SQLite: Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE, the file's single write lock, so a second
        // instance waits (busy timeout) until the first commits, and then reads what the first wrote.
        var transaction = await database.BeginTransactionAsync(cancellationToken);
        if (database.IsNpgsql())
        {
            try
            {
                // Released by the commit or rollback; other transactions with another name are not held up.
                await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockName}))", cancellationToken);
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
        }

        return transaction;
    }
}
