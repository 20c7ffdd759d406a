using Microsoft.Extensions.DependencyInjection;

using Outlay.Contracts;
using Outlay.Messaging.Consuming;

namespace Outlay.Messaging;

/// <summary>What a service consumes, declared at start-up.</summary>
public sealed class MessagingBuilder(IServiceCollection services, HandlerRegistry registry)
{
    public MessagingBuilder Consume<TEvent, THandler>()
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        registry.Add<TEvent, THandler>();
        services.AddScoped<THandler>();
        return this;
    }
}
