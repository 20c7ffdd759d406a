using System.Data.Common;
using System.Runtime.CompilerServices;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Outlay.ServiceDefaults.Data;

/// <summary>
/// Work that must happen only once a unit of work is durable, such as counting a business outcome: a save that fails,
/// a transaction that rolls back, or an event handler attempt that is retried must not count. The work is queued on
/// the DbContext and run by <see cref="AfterCommitInterceptor"/> after <c>SaveChanges</c> when that commits by itself,
/// or after the explicit transaction commits; it is dropped when the save or the transaction fails.
/// </summary>
public static class AfterCommitExtensions
{
    private static readonly ConditionalWeakTable<DbContext, List<Action>> Pending = [];

    public static void AfterCommit(this DbContext db, Action action) => Pending.GetOrCreateValue(db).Add(action);

    internal static void Run(DbContext? db)
    {
        if (db is not null && Pending.TryGetValue(db, out var actions))
        {
            Pending.Remove(db);
            foreach (var action in actions)
            {
                action();
            }
        }
    }

    internal static void Drop(DbContext? db)
    {
        if (db is not null)
        {
            Pending.Remove(db);
        }
    }
}

/// <summary>Runs or drops the work queued with <see cref="AfterCommitExtensions.AfterCommit"/> as the unit of work ends.</summary>
internal sealed class AfterCommitInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RunUnlessInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RunUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => AfterCommitExtensions.Drop(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommitExtensions.Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommitExtensions.Run(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommitExtensions.Run(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommitExtensions.Drop(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommitExtensions.Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => AfterCommitExtensions.Drop(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommitExtensions.Drop(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Inside an explicit transaction the save is not durable yet: the commit runs the work.</summary>
    private static void RunUnlessInTransaction(DbContext? db)
    {
        if (db?.Database.CurrentTransaction is null)
        {
            AfterCommitExtensions.Run(db);
        }
    }
}
