namespace Outlay.Contracts.Ordering;

/// <param name="UnitPrice">The price Ordering charged, from its product replica when the order was placed.</param>
public sealed record OrderLine(Guid ProductId, int Quantity, decimal UnitPrice, string Currency);

/// <summary>A new order, stored as Pending; Catalog answers with <c>StockReserved</c> or <c>StockRejected</c>.</summary>
public sealed record OrderPlaced(Guid OrderId, Guid BuyerId, IReadOnlyList<OrderLine> Lines, DateTime PlacedAt) : IIntegrationEvent
{
    public static string EventType => "ordering.order-placed.v1";
}

/// <summary>The buyer or an admin cancelled the order before shipping: Catalog releases its reservation, if any.</summary>
public sealed record OrderCancelled(Guid OrderId, Guid BuyerId, string Reason, DateTime CancelledAt) : IIntegrationEvent
{
    public static string EventType => "ordering.order-cancelled.v1";
}

/// <param name="PreviousStatus">Pending, Accepted, Rejected, Shipping, Delivered or Cancelled.</param>
/// <param name="Status">The status after the change; Catalog turns a reservation into a decrement on Shipping.</param>
/// <param name="OrderVersion">Grows with every change of the order, so a consumer can ignore a change older than one it applied.</param>
public sealed record OrderStatusChanged(Guid OrderId, Guid BuyerId, string PreviousStatus, string Status, long OrderVersion, DateTime ChangedAt) : IIntegrationEvent
{
    public static string EventType => "ordering.order-status-changed.v1";
}
