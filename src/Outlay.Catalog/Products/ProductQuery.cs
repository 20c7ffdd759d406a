using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Categories;
using Outlay.Catalog.Infrastructure;
using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Catalog.Products;

/// <summary>The public listing's filters (seed 002 and the issue): category, text, price range, in stock; sort; bounded pages.</summary>
public sealed record ProductQuery(Guid? Category, string? Q, string? MinPrice, string? MaxPrice, bool? InStock, string? Sort, int? Page, int? PageSize)
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
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
            var pattern = "%" + EscapeLike(query.Q.Trim().ToUpperInvariant()) + "%";
            products = products.Where(p => EF.Functions.Like(p.SearchText, pattern, "\\"));
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

        var ordered = query.Sort switch
        {
            "-name" => products.OrderByDescending(p => p.NormalizedName),
            "price" => products.OrderBy(p => p.PriceUnits).ThenBy(p => p.NormalizedName),
            "-price" => products.OrderByDescending(p => p.PriceUnits).ThenBy(p => p.NormalizedName),
            "newest" => products.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id),
            _ => products.OrderBy(p => p.NormalizedName),
        };
        var size = query.PageSize ?? ProductQuery.DefaultPageSize;
        var number = query.Page ?? 1;
        var total = await products.CountAsync(cancellationToken);
        var page = await ordered.Include(p => p.Categories).Skip((number - 1) * size).Take(size).AsSplitQuery().ToListAsync(cancellationToken);
        var categories = await CategoriesOfAsync(db, page, cancellationToken);
        return (new ProductPage([.. page.Select(p => ProductResponse.From(p, categories, forAdmin))], number, size, total), null);
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

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
