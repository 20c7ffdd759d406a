using Outlay.Contracts;

namespace Outlay.Messaging.Consuming;

/// <summary>
/// Applies one event to the service's database. It runs inside the transaction that also records the delivery in the
/// inbox; the runtime saves and commits after it returns, so a handler only changes tracked entities (and may publish
/// further events through the outbox). Throwing rolls everything back and schedules a retry.
/// </summary>
public interface IEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, EventContext context, CancellationToken cancellationToken);
}

/// <summary>Facts about the delivery being handled.</summary>
public sealed record EventContext(Guid MessageId, string EventType, int Attempt, IReadOnlyDictionary<string, string> Headers)
{
    public string? Source => Headers.GetValueOrDefault(Transport.TransportMessage.SourceHeader);
}
