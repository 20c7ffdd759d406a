using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

using Outlay.Expenses.Expenses;
using Outlay.Expenses.Settings;

namespace Outlay.Expenses.Summaries;

/// <summary>
/// Turns the expense changes about to be saved into increments of the rollup cells, and applies them with
/// atomic upserts in the same transaction, so the rollup can never disagree with the expenses it sums.
/// </summary>
internal static class RollupMaintenance
{
    public static RollupDeltas Collect(ChangeTracker tracker)
    {
        var deltas = new RollupDeltas();
        foreach (var entry in tracker.Entries<Expense>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    deltas.Add(Snapshot.Current(entry), +1);
                    break;
                case EntityState.Deleted:
                    deltas.Add(Snapshot.Original(entry), -1);
                    break;
                case EntityState.Modified:
                    deltas.Add(Snapshot.Original(entry), -1);
                    deltas.Add(Snapshot.Current(entry), +1);
                    break;
                default:
                    break;
            }
        }

        return deltas;
    }

    /// <summary>Upserts in key order (so concurrent writers lock cells in the same order), then drops emptied cells.</summary>
    public static async Task ApplyAsync(DbContext db, RollupDeltas deltas, CancellationToken cancellationToken)
    {
        foreach (var ((user, month, category, currency), (units, count)) in deltas.Categories)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO category_month_totals (user_id, month, category_id, currency, total_units, entry_count)
                VALUES ({user}, {month}, {category}, {currency}, {units}, {count})
                ON CONFLICT (user_id, month, category_id, currency) DO UPDATE
                SET total_units = category_month_totals.total_units + excluded.total_units,
                    entry_count = category_month_totals.entry_count + excluded.entry_count
                """, cancellationToken);
            if (count < 0)
            {
                await db.Database.ExecuteSqlAsync($"""
                    DELETE FROM category_month_totals
                    WHERE user_id = {user} AND month = {month} AND category_id = {category} AND currency = {currency} AND entry_count = 0
                    """, cancellationToken);
            }
        }

        foreach (var ((user, month, tag, currency), (units, count)) in deltas.Tags)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO tag_month_totals (user_id, month, tag, currency, total_units, entry_count)
                VALUES ({user}, {month}, {tag}, {currency}, {units}, {count})
                ON CONFLICT (user_id, month, tag, currency) DO UPDATE
                SET total_units = tag_month_totals.total_units + excluded.total_units,
                    entry_count = tag_month_totals.entry_count + excluded.entry_count
                """, cancellationToken);
            if (count < 0)
            {
                await db.Database.ExecuteSqlAsync($"""
                    DELETE FROM tag_month_totals
                    WHERE user_id = {user} AND month = {month} AND tag = {tag} AND currency = {currency} AND entry_count = 0
                    """, cancellationToken);
            }
        }
    }

    /// <summary>The rollup-relevant values of one expense, before or after the change.</summary>
    private readonly record struct Snapshot(Guid User, int Month, Guid Category, string Currency, long Units, string Tags)
    {
        public static Snapshot Current(EntityEntry<Expense> entry)
        {
            var e = entry.Entity;
            return new(e.OwnerId, MonthKey.Of(e.SpentOn).Value, e.CategoryId, e.Currency, e.AmountUnits, e.Tags);
        }

        public static Snapshot Original(EntityEntry<Expense> entry)
        {
            var values = entry.OriginalValues;
            return new(values.GetValue<Guid>(nameof(Expense.OwnerId)), MonthKey.Of(values.GetValue<DateOnly>(nameof(Expense.SpentOn))).Value,
                values.GetValue<Guid>(nameof(Expense.CategoryId)), values.GetValue<string>(nameof(Expense.Currency)),
                values.GetValue<long>(nameof(Expense.AmountUnits)), values.GetValue<string>(nameof(Expense.Tags)));
        }
    }

    private static void Add(this RollupDeltas deltas, Snapshot snapshot, int sign)
    {
        deltas.AddCategory((snapshot.User, snapshot.Month, snapshot.Category, snapshot.Currency), sign * snapshot.Units, sign);
        foreach (var tag in snapshot.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            deltas.AddTag((snapshot.User, snapshot.Month, tag, snapshot.Currency), sign * snapshot.Units, sign);
        }
    }
}

/// <summary>Net increments per rollup cell; a change that moves nothing (same cell, same amount) cancels out.</summary>
internal sealed class RollupDeltas
{
    public SortedDictionary<(Guid User, int Month, Guid Category, string Currency), (long Units, int Count)> Categories { get; } = [];
    public SortedDictionary<(Guid User, int Month, string Tag, string Currency), (long Units, int Count)> Tags { get; } = [];

    public bool IsEmpty => Categories.Count == 0 && Tags.Count == 0;

    public void AddCategory((Guid, int, Guid, string) key, long units, int count) => Accumulate(Categories, key, units, count);

    public void AddTag((Guid, int, string, string) key, long units, int count) => Accumulate(Tags, key, units, count);

    private static void Accumulate<TKey>(SortedDictionary<TKey, (long Units, int Count)> cells, TKey key, long units, int count)
        where TKey : notnull
    {
        var (oldUnits, oldCount) = cells.GetValueOrDefault(key);
        var sum = (checked(oldUnits + units), oldCount + count);
        if (sum == (0, 0))
        {
            cells.Remove(key);
        }
        else
        {
            cells[key] = sum;
        }
    }
}
