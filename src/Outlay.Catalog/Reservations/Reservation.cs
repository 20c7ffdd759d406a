namespace Outlay.Catalog.Reservations;

public enum ReservationStatus
{
    /// <summary>Every line is held against the stock on hand.</summary>
    Reserved,

    /// <summary>Nothing was held: at least one line could not be.</summary>
    Rejected,

    /// <summary>The order was cancelled; the held units went back.</summary>
    Released,

    /// <summary>The order shipped; the held units left the stock on hand.</summary>
    Committed,

    /// <summary>The cancellation arrived before the order (a retry reordered them): the order is never reserved.</summary>
    CancelledBeforePlaced,
}

/// <summary>
/// What Catalog decided for one order, keyed by the order id: the key makes a second <c>OrderPlaced</c> for the same
/// order a no-op, and the status makes release and commit happen at most once.
/// </summary>
public sealed class Reservation
{
    public Guid OrderId { get; set; }
    public ReservationStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<ReservationLine> Lines { get; set; } = [];
}

public sealed class ReservationLine
{
    public Guid OrderId { get; set; }
    public Guid ProductId { get; set; }
    public int Quantity { get; set; }
}
