using RabbitMQ.Client;

namespace Outlay.Messaging.RabbitMq;

/// <summary>
/// Queue and tier names and their declarations. Topology (declared idempotently by
/// <see cref="RabbitMqTransport.EnsureConsumerAsync"/>; the consumer's own queues again by
/// <see cref="RabbitMqTransport.ConsumeAsync"/>): one durable topic exchange (<see cref="RabbitMqOptions.Exchange"/>,
/// routing key = event type); per consumer a durable quorum queue named after the consumer, bound to each of its types;
/// a quorum dead-letter queue <c>{consumer}.dead</c>; and fixed-delay retry queues <c>{consumer}.retry.{delay}</c>
/// (quorum, <c>x-message-ttl</c>, no consumers) whose expired messages are dead-lettered (at-least-once strategy)
/// through the default exchange back into the consumer's queue. Fixed tiers rather than a per-message
/// <c>expiration</c> in one queue, because per-message TTLs only expire at the head: a 5-minute retry would hold back a
/// 1-second one. A retry takes the smallest tier at least as long as the requested delay (the largest when it exceeds
/// them all).
/// </summary>
internal sealed class RabbitMqTopology
{
    private readonly RabbitMqOptions options;
    private readonly TimeSpan[] tiers;

    public RabbitMqTopology(RabbitMqOptions options)
    {
        this.options = options;
        tiers = [.. options.RetryTiers.Where(t => t > TimeSpan.Zero).Distinct().Order()];
        if (tiers.Length == 0)
        {
            throw new ArgumentException("At least one positive retry tier is needed.", nameof(options));
        }
    }

    /// <summary>The queue a consumer reads from; every other queue of the consumer is named after it.</summary>
    public string MainQueue(string consumer) => options.QueuePrefix + consumer;

    public string DeadQueue(string consumer) => $"{MainQueue(consumer)}.dead";

    public string RetryQueue(string consumer, TimeSpan delay) => $"{MainQueue(consumer)}.retry.{TierName(Tier(delay))}";

    public IReadOnlyList<string> QueuesOf(string consumer) =>
        [MainQueue(consumer), DeadQueue(consumer), .. tiers.Select(t => $"{MainQueue(consumer)}.retry.{TierName(t)}")];

    /// <summary>The exchange, the consumer's queues, and a binding of its queue to each of its types.</summary>
    public async Task DeclareConsumerAsync(IChannel channel, string consumer, IReadOnlyCollection<string> messageTypes, CancellationToken cancellationToken)
    {
        await DeclareExchangeAsync(channel, cancellationToken);
        await DeclareQueuesAsync(channel, consumer, cancellationToken);
        foreach (var type in messageTypes.Distinct(StringComparer.Ordinal))
        {
            await channel.QueueBindAsync(MainQueue(consumer), options.Exchange, type, cancellationToken: cancellationToken);
        }
    }

    public Task DeclareExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);

    public async Task DeclareQueuesAsync(IChannel channel, string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        Dictionary<string, object?>? main = null;
        if (options.DeliveryLimit is { } limit)
        {
            main = new()
            {
                ["x-delivery-limit"] = limit,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = DeadQueue(consumer),
                ["x-dead-letter-strategy"] = "at-least-once",
                ["x-overflow"] = "reject-publish",
            };
        }

        await DeclareQueueAsync(channel, MainQueue(consumer), main, cancellationToken);
        await DeclareQueueAsync(channel, DeadQueue(consumer), null, cancellationToken);
        foreach (var tier in tiers)
        {
            await DeclareQueueAsync(channel, $"{MainQueue(consumer)}.retry.{TierName(tier)}", new()
            {
                ["x-message-ttl"] = (long)tier.TotalMilliseconds,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = MainQueue(consumer),
                ["x-dead-letter-strategy"] = "at-least-once",
                ["x-overflow"] = "reject-publish",
            }, cancellationToken);
        }
    }

    public static Task<QueueDeclareOk> DeclareQueueAsync(IChannel channel, string queue, Dictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        arguments ??= [];
        arguments["x-queue-type"] = "quorum";
        return channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
    }

    private TimeSpan Tier(TimeSpan delay) => tiers.FirstOrDefault(t => t >= delay, tiers[^1]);

    private static string TierName(TimeSpan tier)
    {
        var ms = (long)tier.TotalMilliseconds;
        return ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h"
            : ms % 60_000 == 0 ? $"{ms / 60_000}m"
            : ms % 1_000 == 0 ? $"{ms / 1_000}s"
            : $"{ms}ms";
    }
}
