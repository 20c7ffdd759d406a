namespace Outlay.Ordering.Orders;

/// <summary>
/// An order of a buyer. Status changes go through <see cref="MoveTo"/>, which enforces <see cref="OrderLifecycle"/>;
/// <see cref="Version"/> is the concurrency token, so two concurrent changes (the saga's decision and the buyer's
/// cancel, say) cannot both apply to the same state.
/// </summary>
public sealed class Order
{
    public const int MaxEmails = 10;

    public Guid Id { get; set; }
    public Guid BuyerId { get; set; }
    public OrderStatus Status { get; set; }
    public required string Currency { get; set; }
    public decimal Total { get; set; }
    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>Contact emails, one per line.</summary>
    public string Emails { get; set; } = "";

    public required DeliveryAddress DeliveryAddress { get; set; }

    /// <summary>The buyer profile version the contact data came from; older profile events leave it alone.</summary>
    public int ContactProfileVersion { get; set; }

    /// <summary>Why Catalog could not reserve the order (JSON of the rejected lines), when rejected.</summary>
    public string? Rejection { get; set; }

    public string? CancelReason { get; set; }

    /// <summary>The client's Idempotency-Key, unique per buyer, and a hash of the request it came with.</summary>
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public long Version { get; set; }

    public IReadOnlyList<string> EmailList => Emails.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Moves to <paramref name="to"/> when the lifecycle allows it; returns the previous status, or null when refused.</summary>
    public OrderStatus? MoveTo(OrderStatus to, DateTime now)
    {
        if (!OrderLifecycle.CanMove(Status, to))
        {
            return null;
        }

        var from = Status;
        Status = to;
        if (from == OrderStatus.Pending && to is OrderStatus.Accepted or OrderStatus.Rejected)
        {
            DecidedAt = now;
        }

        Touch(now);
        return from;
    }

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    public static string JoinEmails(IEnumerable<string> emails) => string.Join('\n', emails);
}

public sealed class OrderLine
{
    public Guid OrderId { get; set; }
    public Guid ProductId { get; set; }
    public required string ProductName { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
}

/// <summary>Where the order goes; every field is required, as in seed 003's schema.</summary>
public sealed record DeliveryAddress(string Street, string City, string State, string PostalCode, string Country);
