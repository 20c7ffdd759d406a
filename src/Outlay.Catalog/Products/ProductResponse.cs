using Outlay.Catalog.Categories;
using Outlay.ServiceDefaults.Money;

namespace Outlay.Catalog.Products;

/// <param name="Price">Money as a string with the currency's minor digits.</param>
/// <param name="Stock">On hand and reserved, shown to admins only.</param>
public sealed record ProductResponse(
    Guid Id,
    string Name,
    string Description,
    string Price,
    string Currency,
    int QuantityAvailable,
    bool InStock,
    IReadOnlyList<CategoryResponse> Categories,
    string? ImageUrl,
    bool Retired,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long Version,
    StockResponse? Stock)
{
    public static ProductResponse From(Product product, IReadOnlyDictionary<Guid, Category> categories, bool forAdmin) => new(
        product.Id,
        product.Name,
        product.Description,
        MoneyText.Format(product.Price, product.Currency),
        product.Currency,
        product.QuantityAvailable,
        !product.Retired && product.QuantityAvailable > 0,
        [.. product.Categories.Select(c => categories.GetValueOrDefault(c.CategoryId)).OfType<Category>()
            .OrderBy(c => c.NormalizedName, StringComparer.Ordinal).Select(CategoryResponse.From)],
        product.ImageUrl,
        product.Retired,
        product.CreatedAt,
        product.UpdatedAt,
        product.Version,
        forAdmin ? new StockResponse(product.QuantityOnHand, product.Reserved) : null);
}

public sealed record StockResponse(int OnHand, int Reserved);

/// <param name="Page">The page number when read by number; null when read by cursor.</param>
/// <param name="Total">How many products match the filters, on all pages.</param>
/// <param name="NextCursor">Pass as <c>after</c> (same filters and sort) for the next page; null on the last page.</param>
public sealed record ProductPage(IReadOnlyList<ProductResponse> Items, int? Page, int PageSize, int Total, string? NextCursor);
