using System.Globalization;

using Outlay.Web.Api;

namespace Outlay.Web.Features.Store;

public sealed record ProductCategory(Guid Id, string Name);

public sealed record Product(
    Guid Id, string Name, string? Description, string Price, string Currency, int QuantityAvailable, IReadOnlyList<ProductCategory> Categories,
    string? ImageUrl, bool Retired, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";
}

public sealed record NumberedPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record OrderLine(Guid ProductId, string ProductName, int Quantity, string UnitPrice, string LineTotal);

public sealed record Order(
    Guid Id, Guid BuyerId, string Status, IReadOnlyList<OrderLine> Lines, string Total, string Currency, IReadOnlyList<string>? RejectionReasons,
    DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Pending waits for the stock check; the others change only when a person acts.</summary>
    public bool IsSettled => Status != OrderStatuses.Pending;

    public bool CanCancel => Status is OrderStatuses.Pending or OrderStatuses.Accepted;
}

public static class OrderStatuses
{
    public const string Pending = "Pending";
    public const string Accepted = "Accepted";
    public const string Rejected = "Rejected";
    public const string Shipping = "Shipping";
    public const string Delivered = "Delivered";
    public const string Cancelled = "Cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Accepted, Rejected, Shipping, Delivered, Cancelled];

    /// <summary>What a person reads: seed 003 calls an accepted order "under process".</summary>
    public static string Label(string status) => status switch
    {
        Pending => "Pending (checking stock)",
        Accepted => "Accepted (under process)",
        _ => status,
    };

    /// <summary>The moves an admin makes by hand.</summary>
    public static IReadOnlyList<string> AdminNext(string status) => status switch
    {
        Accepted => [Shipping],
        Shipping => [Delivered],
        _ => [],
    };
}

public sealed record ProductInput(string? Name, string? Description, string? Price, int? Quantity, IReadOnlyList<Guid> CategoryIds, string? ImageUrl);

/// <summary>
/// The Catalog (<c>/api/products</c>, <c>/api/product-categories</c>) and Ordering (<c>/api/orders</c>) APIs. The store
/// branch had no endpoints yet when this was written: paths and shapes follow issue 5 and are kept in this one file
/// so they can be aligned with the services in one place.
/// </summary>
public sealed class StoreApi(GatewayClient api)
{
    public const int PageSize = 12;

    public Task<ApiResult<NumberedPage<Product>>> ProductsAsync(Guid? category, string? text, int page, bool includeRetired, CancellationToken cancellationToken) =>
        api.GetAsync<NumberedPage<Product>>(Query.Of("/api/products", ("category", category?.ToString()), ("q", text),
            ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)),
            ("includeRetired", includeRetired ? "true" : null)), cancellationToken);

    public Task<ApiResult<Product>> ProductAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<Product>($"/api/products/{id}", cancellationToken);

    public Task<ApiResult<List<ProductCategory>>> CategoriesAsync(CancellationToken cancellationToken) =>
        api.GetAsync<List<ProductCategory>>("/api/product-categories", cancellationToken);

    public Task<ApiResult<ProductCategory>> CreateCategoryAsync(string? name, CancellationToken cancellationToken) =>
        api.SendAsync<ProductCategory>(HttpMethod.Post, "/api/product-categories", new { name }, null, cancellationToken);

    public Task<ApiResult<Product>> CreateProductAsync(ProductInput input, CancellationToken cancellationToken) =>
        api.SendAsync<Product>(HttpMethod.Post, "/api/products", input, null, cancellationToken);

    public Task<ApiResult<Product>> UpdateProductAsync(Guid id, ProductInput input, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<Product>(HttpMethod.Put, $"/api/products/{id}", input, etag, cancellationToken);

    public Task<ApiResult<Product>> RestockAsync(Guid id, int? quantity, CancellationToken cancellationToken) =>
        api.SendAsync<Product>(HttpMethod.Post, $"/api/products/{id}/restock", new { quantity }, null, cancellationToken);

    public Task<ApiResult> RetireAsync(Guid id, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Delete, $"/api/products/{id}", null, null, cancellationToken);

    /// <summary>Places an order; the key makes a repeated checkout (double click, retry) return the first order.</summary>
    public Task<ApiResult<Order>> PlaceOrderAsync(IEnumerable<CartLine> lines, string idempotencyKey, CancellationToken cancellationToken) =>
        api.SendAsync<Order>(HttpMethod.Post, "/api/orders", new { items = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }) }, null,
            cancellationToken, new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    /// <summary>A user's own orders; for an admin, everyone's.</summary>
    public Task<ApiResult<NumberedPage<Order>>> OrdersAsync(string? status, int page, CancellationToken cancellationToken) =>
        api.GetAsync<NumberedPage<Order>>(Query.Of("/api/orders", ("status", status), ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("pageSize", "20")), cancellationToken);

    public Task<ApiResult<Order>> OrderAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<Order>($"/api/orders/{id}", cancellationToken);

    public Task<ApiResult<Order>> CancelOrderAsync(Guid id, CancellationToken cancellationToken) =>
        api.SendAsync<Order>(HttpMethod.Post, $"/api/orders/{id}/cancel", null, null, cancellationToken);

    public Task<ApiResult<Order>> SetOrderStatusAsync(Guid id, string status, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<Order>(HttpMethod.Put, $"/api/orders/{id}/status", new { status }, etag, cancellationToken);
}
