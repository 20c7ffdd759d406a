using System.Globalization;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

public sealed record ProductCategory(Guid Id, string Name);

public sealed record ProductStock(int OnHand, int Reserved);

/// <param name="Stock">On hand and reserved; the catalog fills it for admins only.</param>
public sealed record Product(
    Guid Id, string Name, string? Description, string Price, string Currency, int QuantityAvailable, bool InStock,
    IReadOnlyList<ProductCategory> Categories, string? ImageUrl, bool Retired, long Version, ProductStock? Stock);

public sealed record NumberedPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record OrderLine(Guid ProductId, string Name, int Quantity, string UnitPrice, string LineTotal);

/// <summary>A line the stock check refused: how many were asked for and how many there were.</summary>
public sealed record RejectedLine(Guid ProductId, int Requested, int Available, string Reason);

/// <param name="Status">The API name: pending, accepted, rejected, shipping, delivered or cancelled.</param>
public sealed record Order(
    Guid Id, Guid BuyerId, string Status, IReadOnlyList<OrderLine> Items, string Total, string Currency, IReadOnlyList<string>? UserEmails,
    DeliveryAddress? DeliveryAddress, IReadOnlyList<RejectedLine>? RejectedLines, string? CancelReason, DateTime CreatedAt, DateTime UpdatedAt, long Version)
{
    /// <summary>Pending waits for the stock check; the others change only when a person acts.</summary>
    public bool IsSettled => Status != OrderStatuses.Pending;

    public bool CanCancel => Status is OrderStatuses.Pending or OrderStatuses.Accepted;

    /// <summary>Emails and address change until the parcel leaves; a shipped order keeps the address it went to (Ordering's rule).</summary>
    public bool CanChangeDetails => Status is OrderStatuses.Pending or OrderStatuses.Accepted;

    public string NameOf(Guid productId) => Items.FirstOrDefault(i => i.ProductId == productId)?.Name ?? "A product";
}

public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Shipping = "shipping";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Accepted, Rejected, Shipping, Delivered, Cancelled];

    /// <summary>What a person reads: seed 003 calls an accepted order "under process".</summary>
    public static string Label(string status) => status switch
    {
        Pending => "Pending (checking stock)",
        Accepted => "Accepted (under process)",
        Rejected => "Rejected",
        Shipping => "Shipping",
        Delivered => "Delivered",
        Cancelled => "Cancelled",
        _ => status,
    };

    /// <summary>The button that moves an order to <paramref name="status"/>.</summary>
    public static string Action(string status) => status switch
    {
        Shipping => "Ship",
        Delivered => "Mark delivered",
        Cancelled => "Cancel",
        _ => Label(status),
    };

    /// <summary>The moves an admin makes by hand.</summary>
    public static IReadOnlyList<string> AdminNext(string status) => status switch
    {
        Accepted => [Shipping],
        Shipping => [Delivered],
        _ => [],
    };
}

/// <summary>The catalog's product body; the price travels as a string so no digit is lost.</summary>
public sealed record ProductInput(string? Name, string? Description, string? Price, string? Currency, int? Quantity, IReadOnlyList<Guid> CategoryIds, string? ImageUrl);

/// <summary>
/// The Catalog (<c>/api/products</c>, <c>/api/categories</c>) and Ordering (<c>/api/orders</c>) APIs as the store
/// and admin pages use them, through the gateway.
/// </summary>
public sealed class StoreApi(GatewayClient api)
{
    public const int PageSize = 12;

    /// <summary>The catalog lists products on sale only; retired ones stay readable by id.</summary>
    public Task<ApiResult<NumberedPage<Product>>> ProductsAsync(Guid? category, string? text, int page, CancellationToken cancellationToken) =>
        api.GetAsync<NumberedPage<Product>>(Query.Of("/api/products", ("category", category?.ToString()), ("q", text),
            ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<ApiResult<Product>> ProductAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<Product>($"/api/products/{id}", cancellationToken);

    public Task<ApiResult<List<ProductCategory>>> CategoriesAsync(CancellationToken cancellationToken) =>
        api.GetAsync<List<ProductCategory>>("/api/categories", cancellationToken);

    public Task<ApiResult<ProductCategory>> CreateCategoryAsync(string? name, CancellationToken cancellationToken) =>
        api.SendAsync<ProductCategory>(HttpMethod.Post, "/api/categories", new { name }, null, cancellationToken);

    public Task<ApiResult<Product>> CreateProductAsync(ProductInput input, CancellationToken cancellationToken) =>
        api.SendAsync<Product>(HttpMethod.Post, "/api/products", input, null, cancellationToken);

    public Task<ApiResult<Product>> RestockAsync(Guid id, int? quantity, CancellationToken cancellationToken) =>
        api.SendAsync<Product>(HttpMethod.Post, $"/api/products/{id}/restock", new { quantity }, null, cancellationToken);

    public Task<ApiResult<Product>> RetireAsync(Guid id, CancellationToken cancellationToken) =>
        api.SendAsync<Product>(HttpMethod.Post, $"/api/products/{id}/retire", null, null, cancellationToken);

    /// <summary>
    /// Places an order; the key makes a repeated checkout (double click, retry) return the first order. Without an
    /// address the order goes to the one in the buyer's profile.
    /// </summary>
    public Task<ApiResult<Order>> PlaceOrderAsync(IEnumerable<CartLine> lines, DeliveryAddress? address, string idempotencyKey, CancellationToken cancellationToken) =>
        api.SendAsync<Order>(HttpMethod.Post, "/api/orders",
            new { items = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }), deliveryAddress = address }, null,
            cancellationToken, new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    /// <summary>A user's own orders; for an admin, everyone's.</summary>
    public Task<ApiResult<NumberedPage<Order>>> OrdersAsync(string? status, int page, CancellationToken cancellationToken) =>
        api.GetAsync<NumberedPage<Order>>(Query.Of("/api/orders", ("status", status), ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("pageSize", "20")), cancellationToken);

    public Task<ApiResult<Order>> OrderAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<Order>($"/api/orders/{id}", cancellationToken);

    public Task<ApiResult<Order>> CancelOrderAsync(Guid id, CancellationToken cancellationToken) =>
        api.SendAsync<Order>(HttpMethod.Post, $"/api/orders/{id}/cancel", null, null, cancellationToken);

    /// <summary>
    /// Seed 003's change of an order's contact emails and delivery address (the buyer or an admin), both sent. Ordering
    /// refuses it with 409 once the order has shipped, or was cancelled or rejected.
    /// </summary>
    public Task<ApiResult<Order>> UpdateOrderDetailsAsync(Guid id, IReadOnlyList<string?> emails, DeliveryAddress address, CancellationToken cancellationToken) =>
        api.SendAsync<Order>(HttpMethod.Put, $"/api/orders/{id}/details", new { emails, deliveryAddress = address }, null, cancellationToken);

    /// <summary>Ship or deliver (admin); the service checks the move is allowed from the current status.</summary>
    public Task<ApiResult<Order>> SetOrderStatusAsync(Guid id, string status, CancellationToken cancellationToken) =>
        api.SendAsync<Order>(HttpMethod.Put, $"/api/orders/{id}/status", new { status }, null, cancellationToken);
}
