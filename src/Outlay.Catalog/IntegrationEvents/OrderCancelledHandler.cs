using Outlay.Catalog.Reservations;
using Outlay.Contracts.Ordering;
using Outlay.Messaging.Consuming;

namespace Outlay.Catalog.IntegrationEvents;

public sealed class OrderCancelledHandler(StockReservations reservations) : IEventHandler<OrderCancelled>
{
    public Task HandleAsync(OrderCancelled integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        reservations.ReleaseAsync(integrationEvent.OrderId, cancellationToken);
}
