using System.Text.Json;

using Outlay.Contracts.Catalog;
using Outlay.ServiceDefaults.Money;

namespace Outlay.Ordering.Orders;

/// <param name="Status">The API name: pending, accepted, rejected, shipping, delivered or cancelled.</param>
/// <param name="OrderStatus">Seed 003's label ("under process" for accepted).</param>
public sealed record OrderResponse(
    Guid Id,
    Guid BuyerId,
    string Status,
    string OrderStatus,
    IReadOnlyList<OrderLineResponse> Items,
    string Total,
    string Currency,
    IReadOnlyList<string> UserEmails,
    DeliveryAddress DeliveryAddress,
    IReadOnlyList<RejectedLine>? RejectedLines,
    string? CancelReason,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DecidedAt,
    long Version)
{
    public static OrderResponse From(Order order) => new(
        order.Id,
        order.BuyerId,
        OrderLifecycle.Name(order.Status),
        OrderLifecycle.Label(order.Status),
        [.. order.Lines.OrderBy(l => l.ProductName, StringComparer.Ordinal).Select(l => new OrderLineResponse(
            l.ProductId, l.ProductName, l.Quantity, MoneyText.Format(l.UnitPrice, order.Currency), MoneyText.Format(l.UnitPrice * l.Quantity, order.Currency)))],
        MoneyText.Format(order.Total, order.Currency),
        order.Currency,
        order.EmailList,
        order.DeliveryAddress,
        order.Rejection is null ? null : JsonSerializer.Deserialize<List<RejectedLine>>(order.Rejection, JsonSerializerOptions.Web),
        order.CancelReason,
        order.CreatedAt,
        order.UpdatedAt,
        order.DecidedAt,
        order.Version);
}

public sealed record OrderLineResponse(Guid ProductId, string Name, int Quantity, string UnitPrice, string LineTotal);

public sealed record OrderPage(IReadOnlyList<OrderResponse> Items, int Page, int PageSize, int Total);
