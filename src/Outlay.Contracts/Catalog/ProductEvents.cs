namespace Outlay.Contracts.Catalog;

/// <summary>
/// A product as it is after a change. <see cref="Version"/> grows with every change (admin edits, restocks and
/// reservations alike), so a replica applies a snapshot only when it is newer than the one it holds.
/// </summary>
/// <param name="QuantityAvailable">On hand minus reserved: what new orders can still get.</param>
public sealed record ProductSnapshot(
    Guid ProductId,
    long Version,
    string Name,
    decimal Price,
    string Currency,
    int QuantityAvailable,
    bool Retired);

public sealed record ProductCreated(ProductSnapshot Product) : IIntegrationEvent
{
    public static string EventType => "catalog.product-created.v1";
}

public sealed record ProductUpdated(ProductSnapshot Product) : IIntegrationEvent
{
    public static string EventType => "catalog.product-updated.v1";
}

public sealed record ReservedLine(Guid ProductId, int Quantity);

/// <summary>Every line of the order is reserved; stock stays held until the order ships (decrement) or is cancelled (release).</summary>
public sealed record StockReserved(Guid OrderId, IReadOnlyList<ReservedLine> Lines) : IIntegrationEvent
{
    public static string EventType => "catalog.stock-reserved.v1";
}

/// <param name="Reason">Why the line cannot be reserved: <c>unknown_product</c>, <c>retired</c> or <c>insufficient_stock</c>.</param>
public sealed record RejectedLine(Guid ProductId, int Requested, int Available, string Reason);

/// <summary>Nothing of the order is reserved; <see cref="Lines"/> names the lines that could not be.</summary>
public sealed record StockRejected(Guid OrderId, IReadOnlyList<RejectedLine> Lines) : IIntegrationEvent
{
    public static string EventType => "catalog.stock-rejected.v1";
}
