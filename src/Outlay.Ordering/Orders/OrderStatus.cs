namespace Outlay.Ordering.Orders;

public enum OrderStatus
{
    Pending,
    Accepted,
    Rejected,
    Shipping,
    Delivered,
    Cancelled,
}

/// <summary>
/// The order's lifecycle in one place. Pending → Accepted or Rejected (the stock saga decides); Accepted → Shipping →
/// Delivered (an admin moves it); Pending or Accepted → Cancelled (the buyer or an admin). Everything else is refused.
/// </summary>
public static class OrderLifecycle
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Pending] = [OrderStatus.Accepted, OrderStatus.Rejected, OrderStatus.Cancelled],
        [OrderStatus.Accepted] = [OrderStatus.Shipping, OrderStatus.Cancelled],
        [OrderStatus.Shipping] = [OrderStatus.Delivered],
    };

    public static bool CanMove(OrderStatus from, OrderStatus to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Contact data may change until the parcel leaves: the address of a shipped order is where it went.</summary>
    public static bool IsOpen(OrderStatus status) => status is OrderStatus.Pending or OrderStatus.Accepted;

    /// <summary>The API's name of a status ("accepted").</summary>
    public static string Name(OrderStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Seed 003's wording: an accepted order is "under process".</summary>
    public static string Label(OrderStatus status) => status == OrderStatus.Accepted ? "under process" : Name(status);

    /// <summary>Reads a status by its API name or its seed 003 label, case-insensitively.</summary>
    public static OrderStatus? Parse(string? text)
    {
        var value = text?.Trim();
        if (string.Equals(value, "under process", StringComparison.OrdinalIgnoreCase))
        {
            return OrderStatus.Accepted;
        }

        return Enum.TryParse<OrderStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(value, out _)
            ? status
            : null;
    }
}
