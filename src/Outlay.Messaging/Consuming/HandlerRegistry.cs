using Microsoft.Extensions.DependencyInjection;

using Outlay.Contracts;

namespace Outlay.Messaging.Consuming;

/// <summary>Which handler applies which event type: filled at start-up by <see cref="MessagingBuilder"/>.</summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, Registration> registrations = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> EventTypes => registrations.Keys;

    internal void Add<TEvent, THandler>()
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        if (!registrations.TryAdd(TEvent.EventType, new Registration(typeof(TEvent),
                (services, integrationEvent, context, cancellationToken) =>
                    services.GetRequiredService<THandler>().HandleAsync((TEvent)integrationEvent, context, cancellationToken))))
        {
            throw new InvalidOperationException($"{TEvent.EventType} already has a handler; a service handles each event type once.");
        }
    }

    internal bool TryGet(string eventType, out Registration registration) => registrations.TryGetValue(eventType, out registration!);

    internal sealed record Registration(Type EventClrType, Func<IServiceProvider, object, EventContext, CancellationToken, Task> Invoke);
}
