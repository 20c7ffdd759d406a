using Microsoft.Extensions.Options;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.RabbitMq;

/// <summary>
/// <see cref="IMessageTransport"/> over RabbitMQ (RabbitMQ.Client 7.x, broker 3.10+). A facade over its parts, each
/// documenting its share of the design: the queue layout and retry tiers (<see cref="RabbitMqTopology"/>), the shared
/// connection and its recovery (<see cref="RabbitMqConnection"/>), confirmed publishing through a channel pool
/// (<see cref="RabbitMqPublisher"/>), consuming with its ordering guarantees (<see cref="RabbitMqConsumer"/>), and the
/// dead-letter queue's listing and replay (<see cref="RabbitMqDeadLetters"/>).
/// </summary>
public sealed class RabbitMqTransport : IMessageTransport
{
    private readonly RabbitMqOptions options;
    private readonly RabbitMqTopology topology;
    private readonly RabbitMqConnection connection;
    private readonly RabbitMqPublisher publisher;
    private readonly RabbitMqConsumer consumers;
    private readonly RabbitMqDeadLetters deadLetters;

    public RabbitMqTransport(IOptions<RabbitMqOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        topology = new RabbitMqTopology(this.options);
        connection = new RabbitMqConnection(this.options);
        publisher = new RabbitMqPublisher(this.options, connection, topology);
        consumers = new RabbitMqConsumer(this.options, connection, topology, publisher);
        deadLetters = new RabbitMqDeadLetters(connection, topology, publisher);
    }

    public string DeadQueue(string consumer) => topology.DeadQueue(consumer);

    public string RetryQueue(string consumer, TimeSpan delay) => topology.RetryQueue(consumer, delay);

    /// <summary>Every queue this transport declares for <paramref name="consumer"/> (for tooling and clean-up).</summary>
    public IReadOnlyList<string> QueuesOf(string consumer) => topology.QueuesOf(consumer);

    public async Task EnsureConsumerAsync(string consumer, IReadOnlyCollection<string> messageTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageTypes);
        var channel = await connection.OpenChannelAsync(cancellationToken);
        try
        {
            await topology.DeclareConsumerAsync(channel, consumer, messageTypes, cancellationToken);
        }
        finally
        {
            await RabbitMqConnection.CloseQuietlyAsync(channel);
        }
    }

    public Task PublishAsync(TransportMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return publisher.PublishConfirmedAsync(options.Exchange, message.Type, RabbitMqMessages.ToProperties(message, attempt: 1), message.Body, message.MessageId, cancellationToken);
    }

    public Task<BatchPublishResult> PublishBatchAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return publisher.PublishConfirmedAsync(
            [.. messages.Select(m => new OutgoingMessage(options.Exchange, m.Type, RabbitMqMessages.ToProperties(m, attempt: 1), m.Body, m.MessageId))],
            cancellationToken);
    }

    public Task ConsumeAsync(string consumer, Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken) =>
        consumers.ConsumeAsync(consumer, handler, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string consumer, int limit, CancellationToken cancellationToken) =>
        deadLetters.ListAsync(consumer, limit, cancellationToken);

    public Task<int> ReplayDeadLettersAsync(string consumer, IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken) =>
        deadLetters.ReplayAsync(consumer, messageIds, cancellationToken);

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => connection.IsHealthyAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!await connection.BeginDisposeAsync())
        {
            return;
        }

        await publisher.DisposeAsync();
        await connection.DisposeAsync();
    }
}
