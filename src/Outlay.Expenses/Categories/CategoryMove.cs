using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;

namespace Outlay.Expenses.Categories;

/// <summary>
/// Moves every expense of a category to another and deletes it, in one transaction and in set-based SQL:
/// the expenses are updated in place and their rollup cells merged into the target's, never loaded.
/// </summary>
internal static class CategoryMove
{
    public static async Task MoveAsync(ExpensesDbContext db, Guid userId, Guid from, Guid to, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = Timestamps.Now(clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Expenses.Where(e => e.OwnerId == userId && e.CategoryId == from)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CategoryId, to).SetProperty(e => e.UpdatedAt, now).SetProperty(e => e.Version, e => e.Version + 1), cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO category_month_totals (user_id, month, category_id, currency, total_units, entry_count)
            SELECT user_id, month, {to}, currency, total_units, entry_count FROM category_month_totals
            WHERE user_id = {userId} AND category_id = {from}
            ON CONFLICT (user_id, month, category_id, currency) DO UPDATE
            SET total_units = category_month_totals.total_units + excluded.total_units,
                entry_count = category_month_totals.entry_count + excluded.entry_count
            """, cancellationToken);
        await db.CategoryMonthTotals.Where(t => t.UserId == userId && t.CategoryId == from).ExecuteDeleteAsync(cancellationToken);
        // A budget of the target category wins; the deleted category's budgets go with it.
        await db.Budgets.Where(b => b.OwnerId == userId && b.CategoryId == from).ExecuteDeleteAsync(cancellationToken);
        await db.Categories.Where(c => c.Id == from && c.OwnerId == userId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
