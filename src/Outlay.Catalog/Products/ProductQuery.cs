using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Outlay.Catalog.Categories;
using Outlay.Catalog.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Catalog.Products;

/// <summary>
/// The public listing's filters (seed 002 and the issue): category, text, price range, in stock; sort; bounded pages.
/// Pages are read either by cursor (<c>after</c> = the previous page's <c>nextCursor</c>: keyset, as cheap on the
/// thousandth page as on the first) or by number (<c>page</c>, for numbered page links, only within the first
/// <see cref="MaxOffset"/> items).
/// </summary>
public sealed record ProductQuery(Guid? Category, string? Q, string? MinPrice, string? MaxPrice, bool? InStock, string? Sort, int? Page, int? PageSize, string? After)
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    /// <summary>How far numbered pages reach; past it the database would skip ever more rows, so readers follow the cursor.</summary>
    public const int MaxOffset = 10_000;
    public const int MaxCursorLength = 1_000;
    public static readonly IReadOnlyList<string> Sorts = ["name", "-name", "price", "-price", "newest"];
}

/// <summary>Runs a <see cref="ProductQuery"/> in the database: filtering, counting and paging never load other rows.</summary>
public static class ProductListing
{
    public static async Task<(ProductPage? Page, ValidationProblem? Problem)> ReadAsync(
        ProductQuery query, CatalogDbContext db, bool forAdmin, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().MaxLength("q", query.Q, 100);
        var min = ParsePrice(errors, "minPrice", query.MinPrice);
        var max = ParsePrice(errors, "maxPrice", query.MaxPrice);
        if (query.Page is < 1)
        {
            errors.Add("page", "Pages start at 1.");
        }

        if (query.PageSize is < 1 or > ProductQuery.MaxPageSize)
        {
            errors.Add("pageSize", $"The page size is between 1 and {ProductQuery.MaxPageSize}.");
        }

        if (query.Sort is not null && !ProductQuery.Sorts.Contains(query.Sort))
        {
            errors.Add("sort", $"Sort by one of {string.Join(", ", ProductQuery.Sorts)}.");
        }

        var sort = query.Sort ?? "name";
        var size = query.PageSize ?? ProductQuery.DefaultPageSize;
        if (query.Page is > 1 && (long)(query.Page.Value - 1) * size > ProductQuery.MaxOffset)
        {
            errors.Add("page", $"Numbered pages reach the first {ProductQuery.MaxOffset} products; follow nextCursor (after=) to read further.");
        }

        ProductCursor? after = null;
        if (query.After is not null)
        {
            if (query.Page is not null)
            {
                errors.Add("after", "Page by number or by cursor, not both.");
            }
            else if (query.After.Length > ProductQuery.MaxCursorLength || (after = ProductCursor.Decode(query.After, sort)) is null)
            {
                errors.Add("after", "Not a cursor of this listing: pass the nextCursor of the previous page, with the same sort.");
            }
        }

        if (!errors.IsValid)
        {
            return (null, errors.ToProblem());
        }

        var products = db.Products.AsNoTracking().Where(p => !p.Retired);
        if (query.Category is { } category)
        {
            products = products.Where(p => p.Categories.Any(c => c.CategoryId == category));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = LikePattern.Contains(query.Q.Trim().ToUpperInvariant());
            products = products.Where(p => EF.Functions.Like(p.SearchText, pattern, LikePattern.EscapeCharacter));
        }

        if (min is { } low)
        {
            products = products.Where(p => p.PriceUnits >= low);
        }

        if (max is { } high)
        {
            products = products.Where(p => p.PriceUnits <= high);
        }

        if (query.InStock is { } inStock)
        {
            products = inStock ? products.Where(p => p.QuantityOnHand - p.Reserved > 0) : products.Where(p => p.QuantityOnHand - p.Reserved <= 0);
        }

        var total = await products.CountAsync(cancellationToken);
        var number = after is null ? query.Page ?? 1 : (int?)null;
        var window = after is null ? products : after.Following(products);
        var ordered = sort switch
        {
            "-name" => window.OrderByDescending(p => p.NormalizedName),
            "price" => window.OrderBy(p => p.PriceUnits).ThenBy(p => p.NormalizedName),
            "-price" => window.OrderByDescending(p => p.PriceUnits).ThenBy(p => p.NormalizedName),
            "newest" => window.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.NormalizedName),
            _ => window.OrderBy(p => p.NormalizedName),
        };
        // One row more than the page tells whether another page follows.
        var rows = await ordered.Include(p => p.Categories).Skip(((number ?? 1) - 1) * size).Take(size + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? ProductCursor.After(sort, page[^1]).Encode() : null;
        var categories = await CategoriesOfAsync(db, page, cancellationToken);
        return (new ProductPage([.. page.Select(p => ProductResponse.From(p, categories, forAdmin))], number, size, total, next), null);
    }

    public static async Task<Dictionary<Guid, Category>> CategoriesOfAsync(CatalogDbContext db, IEnumerable<Product> products, CancellationToken cancellationToken)
    {
        var ids = products.SelectMany(p => p.Categories).Select(c => c.CategoryId).Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }

    private static long? ParsePrice(ValidationErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!MoneyText.TryParse(text, out var amount) || amount < 0 || amount > MoneyText.Max)
        {
            errors.Add(field, "A price is a non-negative number such as 12.50.");
            return null;
        }

        return Product.ToUnits(decimal.Round(amount, 4));
    }
}
