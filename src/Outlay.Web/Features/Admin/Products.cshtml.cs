using System.Globalization;

using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;
using Outlay.Web.Features.Store;

namespace Outlay.Web.Features.Admin;

/// <summary>Products and stock: add, restock, retire; the catalog validates and publishes the changes.</summary>
public sealed class ProductsModel(StoreApi store) : OutlayPage
{
    private static readonly FieldMap Fields = FieldMap.For("Form", "name", "description", "price", "currency", "quantity", "categoryIds", "imageUrl");

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public ProductForm Form { get; set; } = new();

    public NumberedPage<Product>? Products { get; private set; }

    public IReadOnlyList<ProductCategory> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem) : Page();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        int? quantity = int.TryParse(Form.Quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : null;
        var created = await store.CreateProductAsync(new ProductInput(Form.Name, Form.Description, Form.Price, Form.Currency, quantity, Form.CategoryIds, string.IsNullOrWhiteSpace(Form.ImageUrl) ? null : Form.ImageUrl), cancellationToken);
        return created.Succeeded
            ? Done($"“{created.Value.Name}” is in the store.")
            : await ProblemAsync(created.Problem!, Fields, async () => await LoadAsync(cancellationToken));
    }

    public async Task<IActionResult> OnPostCategoryAsync(string? categoryName, CancellationToken cancellationToken)
    {
        var created = await store.CreateCategoryAsync(categoryName, cancellationToken);
        return created.Succeeded
            ? Done($"The category “{created.Value.Name}” is in the store.", routeValues: new { Q })
            : await ProblemAsync(created.Problem!, FieldMap.For("", "name").With("name", "categoryName"), async () => await LoadAsync(cancellationToken));
    }

    public async Task<IActionResult> OnPostRestockAsync(Guid id, int? quantity, CancellationToken cancellationToken)
    {
        var restocked = await store.RestockAsync(id, quantity, cancellationToken);
        return restocked.Succeeded
            ? Done($"“{restocked.Value.Name}” now has {restocked.Value.QuantityAvailable} available.", routeValues: new { Q })
            : await ProblemAsync(restocked.Problem!, FieldMap.For("", "quantity").With("quantity", $"Restock-{id}"), async () => await LoadAsync(cancellationToken));
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken cancellationToken)
    {
        var retired = await store.RetireAsync(id, cancellationToken);
        return retired.Succeeded
            ? Done($"“{retired.Value.Name}” is retired.", routeValues: new { Q })
            : await ProblemAsync(retired.Problem!, reload: async () => await LoadAsync(cancellationToken));
    }

    private async Task<Api.ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var products = await store.ProductsAsync(null, string.IsNullOrWhiteSpace(Q) ? null : Q, 1, cancellationToken);
        var categories = await store.CategoriesAsync(cancellationToken);
        Products = products.Value;
        Categories = categories.Value ?? [];
        return products.Problem ?? categories.Problem;
    }
}

public sealed class ProductForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Price { get; set; }

    /// <summary>ISO 4217; the store sells in euros unless an admin says otherwise.</summary>
    public string? Currency { get; set; } = "EUR";

    public string? Quantity { get; set; }
    public List<Guid> CategoryIds { get; set; } = [];
    public string? ImageUrl { get; set; }
}
