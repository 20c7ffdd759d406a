namespace Outlay.Messaging.Transport;

/// <summary>
/// The broker seen from a service. Both implementations (RabbitMQ, and the embedded SQLite broker) pass the
/// same contract test suite. Guarantees: <see cref="PublishAsync"/> returns only once the broker has stored
/// the message durably; a subscription delivers each message to one instance of the consuming service at
/// least once, and forgets it only after the handler's outcome was recorded; for one consumer instance,
/// messages of one producer are delivered in publish order unless a retry delays one of them.
/// </summary>
public interface IMessageTransport : IAsyncDisposable
{
    /// <summary>Declares what <paramref name="consumer"/> receives (idempotent; call at start-up).</summary>
    Task EnsureConsumerAsync(string consumer, IReadOnlyCollection<string> messageTypes, CancellationToken cancellationToken);

    Task PublishAsync(TransportMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes <paramref name="messages"/> in list order, paying the broker's durable write (one transaction, or one
    /// round of confirms) once for the batch instead of once per message. <see cref="BatchPublishResult.Stored"/> counts
    /// the messages stored durably from the start of the list: a prefix, so a caller that sends the rest again later
    /// keeps its order. A broker failure is returned in <see cref="BatchPublishResult.Failure"/>, not thrown; only the
    /// caller's cancellation throws (and then any of the messages may have been stored, as with <see cref="PublishAsync"/>).
    /// </summary>
    Task<BatchPublishResult> PublishBatchAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="handler"/> for deliveries to <paramref name="consumer"/> until the token is cancelled.</summary>
    Task ConsumeAsync(string consumer, Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string consumer, int limit, CancellationToken cancellationToken);

    /// <summary>Moves dead letters back to the consumer's queue with a fresh attempt count; returns how many.</summary>
    Task<int> ReplayDeadLettersAsync(string consumer, IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken);

    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
