using System.Collections.Concurrent;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Tests.RabbitMq;

public sealed class RabbitMqTransportContractTests : TransportContractTests, IAsyncLifetime
{
    private readonly ConcurrentBag<string> consumers = [];

    protected override Task<IMessageTransport> CreateTransportAsync() =>
        Task.FromResult<IMessageTransport>(new RecordingTransport(RabbitMqTestBroker.CreateTransport(), consumers));

    protected override Task<IMessageTransport> ReconnectAsync(IMessageTransport previous) => CreateTransportAsync();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await RabbitMqTestBroker.DeleteConsumersAsync(consumers);

    /// <summary>The transport under test, noting which consumers a test used so their queues can be deleted after it.</summary>
    private sealed class RecordingTransport(IMessageTransport inner, ConcurrentBag<string> consumers) : IMessageTransport
    {
        public Task EnsureConsumerAsync(string consumer, IReadOnlyCollection<string> messageTypes, CancellationToken cancellationToken)
        {
            consumers.Add(consumer);
            return inner.EnsureConsumerAsync(consumer, messageTypes, cancellationToken);
        }

        public Task PublishAsync(TransportMessage message, CancellationToken cancellationToken) => inner.PublishAsync(message, cancellationToken);

        public Task<BatchPublishResult> PublishBatchAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) =>
            inner.PublishBatchAsync(messages, cancellationToken);

        public Task ConsumeAsync(string consumer, Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
        {
            consumers.Add(consumer);
            return inner.ConsumeAsync(consumer, handler, cancellationToken);
        }

        public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string consumer, int limit, CancellationToken cancellationToken) =>
            inner.ListDeadLettersAsync(consumer, limit, cancellationToken);

        public Task<int> ReplayDeadLettersAsync(string consumer, IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken) =>
            inner.ReplayDeadLettersAsync(consumer, messageIds, cancellationToken);

        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => inner.IsHealthyAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
