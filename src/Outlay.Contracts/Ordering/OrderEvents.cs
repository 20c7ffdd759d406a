namespace Outlay.Contracts.Ordering;

public sealed record OrderLine(Guid ProductId, int Quantity, decimal UnitPrice, string Currency);

public sealed record OrderPlaced(Guid OrderId, Guid BuyerId, IReadOnlyList<OrderLine> Lines, DateTime PlacedAt) : IIntegrationEvent
{
    public static string EventType => "ordering.order-placed.v1";
}

public sealed record OrderCancelled(Guid OrderId, Guid BuyerId, string Reason, DateTime CancelledAt) : IIntegrationEvent
{
    public static string EventType => "ordering.order-cancelled.v1";
}

/// <param name="Status">Pending, Accepted, Rejected, Shipping, Delivered or Cancelled.</param>
public sealed record OrderStatusChanged(Guid OrderId, Guid BuyerId, string PreviousStatus, string Status, DateTime ChangedAt) : IIntegrationEvent
{
    public static string EventType => "ordering.order-status-changed.v1";
}
