using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;

namespace Outlay.Expenses.Csv;

/// <summary>The categories an import may use: by id, system key or name (any case); archived ones are not offered.</summary>
internal sealed class CategoryLookup(Dictionary<string, Guid> byText)
{
    public static async Task<CategoryLookup> LoadAsync(ExpensesDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking()
            .Where(c => (c.OwnerId == null || c.OwnerId == userId) && c.ArchivedAt == null)
            .Select(c => new { c.Id, c.Key, c.NormalizedName }).ToListAsync(cancellationToken);
        var byText = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var c in categories)
        {
            byText[c.Id.ToString().ToUpperInvariant()] = c.Id;
            byText[c.NormalizedName] = c.Id;
            if (c.Key is not null)
            {
                byText[c.Key.ToUpperInvariant()] = c.Id;
            }
        }

        return new CategoryLookup(byText);
    }

    public Guid? Find(string text) => byText.TryGetValue(text.Trim().ToUpperInvariant(), out var id) ? id : null;
}
