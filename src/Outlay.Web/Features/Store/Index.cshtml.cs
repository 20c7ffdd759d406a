using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

/// <summary>The store front: products by category and by search, open to visitors.</summary>
public sealed class IndexModel(StoreApi store) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public Guid? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<ProductCategory> Categories { get; private set; } = [];

    public NumberedPage<Product>? Products { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var categories = store.CategoriesAsync(cancellationToken);
        var products = store.ProductsAsync(Category, string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), Math.Max(1, PageNumber), cancellationToken);
        var (categoryResult, productResult) = (await categories, await products);
        Categories = categoryResult.Value ?? [];
        Products = productResult.Value;
        var problem = productResult.Problem ?? categoryResult.Problem;
        return problem is null ? Page() : await ProblemAsync(problem, FieldMap.For("", "q", "page"));
    }
}
