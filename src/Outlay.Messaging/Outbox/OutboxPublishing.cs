using System.Diagnostics;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Contracts;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Outbox;

public static class OutboxPublishing
{
    /// <summary>
    /// Queues <paramref name="integrationEvent"/> in the outbox of this unit of work: it is stored by the next
    /// <c>SaveChanges</c> (in the same transaction as the business change) and sent once that commits.
    /// </summary>
    /// <param name="aggregateKey">The entity the event is about, e.g. the order id: carried as a header for ordering and diagnosis.</param>
    public static OutboxMessage PublishEvent<TEvent>(this DbContext db, TEvent integrationEvent, string aggregateKey)
        where TEvent : IIntegrationEvent
    {
        var headers = new Dictionary<string, string> { [TransportMessage.AggregateHeader] = aggregateKey };
        if (Activity.Current is { } activity)
        {
            headers[TransportMessage.TraceParentHeader] = activity.Id!;
        }

        var message = new OutboxMessage
        {
            MessageId = Guid.CreateVersion7(),
            Type = TEvent.EventType,
            Payload = EventSerializer.Serialize(integrationEvent),
            Headers = JsonSerializer.Serialize(headers),
            AggregateKey = aggregateKey,
            CreatedAt = DateTime.UtcNow,
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
