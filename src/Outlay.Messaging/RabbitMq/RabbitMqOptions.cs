namespace Outlay.Messaging.RabbitMq;

/// <summary>Bound from <c>Outlay:Messaging:RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>The broker's AMQP URI, credentials and virtual host included.</summary>
    public string Uri { get; set; } = "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>The durable topic exchange every event is published to (routing key = the event type).</summary>
    public string Exchange { get; set; } = "outlay.events";

    /// <summary>
    /// Put before every queue name (a consumer's queue, its retry and dead-letter queues). Empty in a deployment; set
    /// when independent systems share one broker and virtual host, as parallel test runs do, so that a consumer never
    /// takes another system's messages from a queue of the same name.
    /// </summary>
    public string QueuePrefix { get; set; } = "";

    /// <summary>Shown in the broker's connection list (use the service name).</summary>
    public string ConnectionName { get; set; } = "outlay";

    /// <summary>Unacknowledged deliveries the broker may push to one consumer ahead of the one being handled.</summary>
    public ushort Prefetch { get; set; } = 16;

    /// <summary>
    /// Fixed delays of the per-consumer retry queues. A retry goes to the smallest tier that is at least the requested
    /// delay (the largest tier when the request exceeds them all). Changing the list declares new queues; old ones keep
    /// draining into the consumer's queue and can be deleted once empty.
    /// </summary>
    public IList<TimeSpan> RetryTiers { get; set; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)];

    /// <summary>How long a publish may wait for the broker's confirm (on top of the caller's token).</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Confirm-enabled channels kept for concurrent publishers; each carries one publish at a time.</summary>
    public int PublisherChannels { get; set; } = 4;

    /// <summary>
    /// Broker-side safety net (<c>x-delivery-limit</c> of the consumer's quorum queue): a message delivered this many
    /// times without an outcome (a handler that crashes the process, say) is moved to the dead-letter queue by the
    /// broker. <c>null</c> disables it. Queue arguments are fixed at declaration: changing this for an existing queue
    /// makes the declaration fail (PRECONDITION_FAILED) until the queue is deleted or a policy is used instead.
    /// </summary>
    public int? DeliveryLimit { get; set; } = 20;

    /// <summary>Pause between automatic reconnection attempts after the connection dropped.</summary>
    public TimeSpan NetworkRecoveryInterval { get; set; } = TimeSpan.FromSeconds(2);
}
