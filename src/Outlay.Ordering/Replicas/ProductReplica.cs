using Outlay.Contracts.Catalog;

namespace Outlay.Ordering.Replicas;

/// <summary>
/// Ordering's copy of a Catalog product: enough to price an order and to refuse an obviously impossible one before
/// asking Catalog. Fed only by Catalog's snapshots, applied when their version is newer than the one held.
/// </summary>
public sealed class ProductReplica
{
    public Guid ProductId { get; set; }
    public long Version { get; set; }
    public required string Name { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public int QuantityAvailable { get; set; }
    public bool Retired { get; set; }
    public DateTime UpdatedAt { get; set; }

    public void Apply(ProductSnapshot snapshot, DateTime now)
    {
        Version = snapshot.Version;
        Name = snapshot.Name;
        Price = snapshot.Price;
        Currency = snapshot.Currency;
        QuantityAvailable = snapshot.QuantityAvailable;
        Retired = snapshot.Retired;
        UpdatedAt = now;
    }
}
