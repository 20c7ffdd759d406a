using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Expenses;

internal static class CategoryGuard
{
    /// <summary>
    /// An expense may use a system category or one of the user's own that is not archived; an expense that
    /// already sits in a category archived since keeps it.
    /// </summary>
    public static async Task CheckAsync(ExpensesDbContext db, Guid userId, Guid categoryId, Guid? unchangedFrom, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var category = await db.Categories.AsNoTracking()
            .Where(c => c.Id == categoryId && (c.OwnerId == null || c.OwnerId == userId))
            .Select(c => new { c.ArchivedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (category is null)
        {
            errors.Add("categoryId", "There is no such category.");
        }
        else if (category.ArchivedAt is not null && categoryId != unchangedFrom)
        {
            errors.Add("categoryId", "This category is archived; pick another one or restore it.");
        }
    }
}
