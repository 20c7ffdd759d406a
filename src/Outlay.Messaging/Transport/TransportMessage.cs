namespace Outlay.Messaging.Transport;

/// <summary>
/// What travels between services: an id fixed when the outbox row is written (and reused on every resend,
/// so consumers can detect duplicates), the event's stable type name, a UTF-8 JSON body and string headers
/// (<c>traceparent</c>, the producing service, the aggregate key).
/// </summary>
public sealed record TransportMessage(Guid MessageId, string Type, ReadOnlyMemory<byte> Body, IReadOnlyDictionary<string, string> Headers)
{
    public const string TraceParentHeader = "traceparent";
    public const string SourceHeader = "outlay-source";
    public const string AggregateHeader = "outlay-aggregate";
}

/// <summary>
/// The outcome of <see cref="IMessageTransport.PublishBatchAsync"/>: the first <see cref="Stored"/> messages are stored
/// durably; <see cref="Failure"/> (null when all were) is why the message at index <see cref="Stored"/> was not. Messages
/// after it may have reached the broker too (RabbitMQ confirms each on its own): sending them again is safe, as every
/// resend carries the same message id.
/// </summary>
public readonly record struct BatchPublishResult(int Stored, Exception? Failure);

/// <summary>A delivery of a message to one consumer; <see cref="Attempt"/> counts from 1.</summary>
public sealed record ReceivedMessage(TransportMessage Message, int Attempt);

/// <summary>What the consumer runtime tells the transport once a delivery has been handled.</summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>Done (handled, or a duplicate): remove it.</summary>
    public static DeliveryOutcome Ack { get; } = new Acknowledged();

    /// <summary>Deliver it again to the same consumer after <paramref name="delay"/>, with the attempt count raised.</summary>
    public static DeliveryOutcome RetryAfter(TimeSpan delay, string error) => new Retry(delay, error);

    /// <summary>Park it in the consumer's dead-letter store with the reason; later messages keep flowing.</summary>
    public static DeliveryOutcome DeadLetter(string reason) => new DeadLettered(reason);

    public sealed record Acknowledged : DeliveryOutcome;

    public sealed record Retry(TimeSpan Delay, string Error) : DeliveryOutcome;

    public sealed record DeadLettered(string Reason) : DeliveryOutcome;
}

/// <summary>A message a consumer gave up on, with why and when.</summary>
public sealed record DeadLetter(TransportMessage Message, string Consumer, string Reason, int Attempts, DateTime DeadLetteredAt);
