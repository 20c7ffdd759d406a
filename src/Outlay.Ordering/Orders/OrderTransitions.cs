using Outlay.Contracts.Ordering;
using Outlay.Messaging.Outbox;
using Outlay.Ordering.Infrastructure;
using Outlay.Ordering.Metrics;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Ordering.Orders;

/// <summary>
/// Moves an order along its lifecycle and queues what the move tells others, in the caller's unit of work:
/// <c>OrderStatusChanged</c> for every move, and <c>OrderCancelled</c> (Catalog releases the stock) for a cancel.
/// </summary>
public sealed class OrderTransitions(OrderingDbContext db, TimeProvider clock, OrderingMetrics metrics)
{
    /// <returns>false when the lifecycle does not allow the move from the order's current status.</returns>
    public bool TryMove(Order order, OrderStatus to, string? cancelReason = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (order.MoveTo(to, now) is not { } from)
        {
            return false;
        }

        var key = order.Id.ToString();
        if (to == OrderStatus.Cancelled)
        {
            order.CancelReason = cancelReason;
            db.PublishEvent(new OrderCancelled(order.Id, order.BuyerId, cancelReason ?? "", now), key);
        }

        db.PublishEvent(new OrderStatusChanged(order.Id, order.BuyerId, from.ToString(), to.ToString(), order.Version, now), key);
        // Counted once the move is durable: a rolled-back change or a retried handler attempt must not count.
        var sincePlaced = now - order.CreatedAt;
        db.AfterCommit(() => metrics.Moved(from, to, sincePlaced));
        return true;
    }
}
