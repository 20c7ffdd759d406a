using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Catalog;
using Outlay.Messaging.Consuming;
using Outlay.Ordering.Infrastructure;
using Outlay.Ordering.Orders;

namespace Outlay.Ordering.IntegrationEvents;

/// <summary>
/// Catalog's answer to <c>OrderPlaced</c>. It applies only to a Pending order: a duplicate, or an answer for an order
/// cancelled meanwhile (Catalog releases that reservation when it sees the cancel), changes nothing.
/// </summary>
public sealed class StockReservedHandler(OrderingDbContext db, OrderTransitions transitions) : IEventHandler<StockReserved>
{
    public async Task HandleAsync(StockReserved integrationEvent, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.Orders.FirstOrDefaultAsync(o => o.Id == integrationEvent.OrderId, cancellationToken) is { Status: OrderStatus.Pending } order)
        {
            transitions.TryMove(order, OrderStatus.Accepted);
        }
    }
}

public sealed class StockRejectedHandler(OrderingDbContext db, OrderTransitions transitions) : IEventHandler<StockRejected>
{
    public async Task HandleAsync(StockRejected integrationEvent, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.Orders.FirstOrDefaultAsync(o => o.Id == integrationEvent.OrderId, cancellationToken) is { Status: OrderStatus.Pending } order
            && transitions.TryMove(order, OrderStatus.Rejected))
        {
            order.Rejection = JsonSerializer.Serialize(integrationEvent.Lines, JsonSerializerOptions.Web);
        }
    }
}
