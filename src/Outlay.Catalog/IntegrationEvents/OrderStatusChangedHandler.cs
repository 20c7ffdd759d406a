using Outlay.Catalog.Reservations;
using Outlay.Contracts.Ordering;
using Outlay.Messaging.Consuming;

namespace Outlay.Catalog.IntegrationEvents;

/// <summary>Shipping turns the order's reservation into a decrement of the stock on hand; other changes do not concern Catalog.</summary>
public sealed class OrderStatusChangedHandler(StockReservations reservations) : IEventHandler<OrderStatusChanged>
{
    public const string Shipping = "Shipping";

    public Task HandleAsync(OrderStatusChanged integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        integrationEvent.Status == Shipping
            ? reservations.CommitAsync(integrationEvent.OrderId, cancellationToken)
            : Task.CompletedTask;
}
