using Outlay.Catalog.Reservations;
using Outlay.Contracts.Ordering;
using Outlay.Messaging.Consuming;

namespace Outlay.Catalog.IntegrationEvents;

/// <summary>Reserves every line of a new order or none, and answers with StockReserved or StockRejected.</summary>
public sealed class OrderPlacedHandler(StockReservations reservations) : IEventHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        reservations.ReserveAsync(
            ReservationRequest.From(integrationEvent.OrderId, integrationEvent.Lines.Select(l => (l.ProductId, l.Quantity))),
            cancellationToken);
}
