using Outlay.Contracts.Catalog;

namespace Outlay.Catalog.Reservations;

/// <summary>The lines of one order as Catalog reserves them: one line per product, in product-id order.</summary>
public sealed record ReservationRequest(Guid OrderId, IReadOnlyList<ReservedLine> Lines)
{
    public const string UnknownProduct = "unknown_product";
    public const string RetiredProduct = "retired";
    public const string InsufficientStock = "insufficient_stock";
    public const string InvalidQuantity = "invalid_quantity";

    /// <summary>
    /// Merges repeated products and sorts by id. The fixed order matters on PostgreSQL: two orders that lock the same
    /// rows in the same order wait for each other instead of deadlocking.
    /// </summary>
    public static ReservationRequest From(Guid orderId, IEnumerable<(Guid ProductId, int Quantity)> lines) => new(orderId,
        [.. lines.GroupBy(l => l.ProductId)
            .Select(g => new ReservedLine(g.Key, (int)Math.Min(int.MaxValue, g.Sum(l => (long)l.Quantity))))
            .OrderBy(l => l.ProductId)]);

    /// <summary>
    /// Why each line cannot be reserved against the given stock (null: the product is unknown). All or nothing:
    /// an order is reservable only when this is empty.
    /// </summary>
    public IReadOnlyList<RejectedLine> Shortfalls(IReadOnlyDictionary<Guid, (int Available, bool Retired)> stock) =>
        [.. Lines.Select(line => Shortfall(line, stock.TryGetValue(line.ProductId, out var s) ? s : null)).OfType<RejectedLine>()];

    public static RejectedLine? Shortfall(ReservedLine line, (int Available, bool Retired)? stock) => stock switch
    {
        _ when line.Quantity <= 0 => new RejectedLine(line.ProductId, line.Quantity, stock?.Available ?? 0, InvalidQuantity),
        null => new RejectedLine(line.ProductId, line.Quantity, 0, UnknownProduct),
        { Retired: true } s => new RejectedLine(line.ProductId, line.Quantity, s.Available, RetiredProduct),
        { } s when s.Available < line.Quantity => new RejectedLine(line.ProductId, line.Quantity, s.Available, InsufficientStock),
        _ => null,
    };
}
