using Outlay.Contracts.Catalog;
using Outlay.Contracts.Expenses;
using Outlay.Contracts.Identity;
using Outlay.Contracts.Ordering;

namespace Outlay.Contracts;

/// <summary>
/// Who consumes what, declared in one place. Every service declares the whole topology at start-up, so an event
/// published before its consumer first ran still waits in that consumer's queue instead of being dropped.
/// </summary>
public static class EventTopology
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Consumers { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["catalog"] = [OrderPlaced.EventType, OrderCancelled.EventType, OrderStatusChanged.EventType],
        ["ordering"] =
        [
            UserRegistered.EventType, UserProfileUpdated.EventType, ProductCreated.EventType, ProductUpdated.EventType,
            StockReserved.EventType, StockRejected.EventType,
        ],
        ["expenses"] = [UserRegistered.EventType, UserProfileUpdated.EventType],
    };

    /// <summary>Every event type a consumer of this topology may receive.</summary>
    public static IReadOnlyList<string> TypesConsumedBy(string consumer) =>
        Consumers.TryGetValue(consumer, out var types) ? types : [];
}
