using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Outlay.Messaging.Transport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Outlay.Messaging.RabbitMq;

/// <summary>
/// <see cref="IMessageTransport"/> over RabbitMQ (RabbitMQ.Client 7.x, broker 3.10+).
/// <list type="bullet">
/// <item>Topology (declared idempotently by <see cref="EnsureConsumerAsync"/>; the consumer's own queues again by
/// <see cref="ConsumeAsync"/>): one durable topic exchange (<see cref="RabbitMqOptions.Exchange"/>, routing key = event
/// type); per consumer a durable quorum queue named after the consumer, bound to each of its types; a quorum
/// dead-letter queue <c>{consumer}.dead</c>; and fixed-delay retry queues <c>{consumer}.retry.{delay}</c> (quorum,
/// <c>x-message-ttl</c>, no consumers) whose expired messages are dead-lettered (at-least-once strategy) through the
/// default exchange back into the consumer's queue. Fixed tiers rather than a per-message <c>expiration</c> in one
/// queue, because per-message TTLs only expire at the head: a 5-minute retry would hold back a 1-second one. A retry
/// takes the smallest tier at least as long as the requested delay (the largest when it exceeds them all).</item>
/// <item>Publishing is <c>mandatory: false</c>: a type nobody is bound to yet is confirmed and dropped, as a topic
/// exchange does. Consumers therefore declare their queues (EnsureConsumerAsync at start-up) before the events they
/// must not miss are published; a consumer added later starts with the events published after it was declared.
/// Bindings are only ever added: a type a consumer stops handling must be unbound by hand.</item>
/// <item>Publishes go through a small pool of confirm-enabled channels (concurrent publishes on one 7.x channel
/// with confirmation tracking are unsafe), one publish per channel at a time. The confirm is awaited with the
/// caller's token plus <see cref="RabbitMqOptions.PublishTimeout"/> (7.x can wait forever for a confirm after a broker
/// restart); a channel that failed or timed out is thrown away, and a publish interrupted by a connection loss is
/// repeated once the connection recovered (the same message id, so at worst a duplicate the inbox drops).</item>
/// <item>Consuming: a dedicated channel, prefetch <see cref="RabbitMqOptions.Prefetch"/>, manual acks, deliveries
/// handled one at a time in arrival order. Retry = confirmed publish of a copy (attempt + 1) to a retry queue, then ack;
/// dead letter = confirmed publish to the dead queue with reason, time and attempt, then ack. No outcome (handler
/// threw, or the consumer stopped) = no ack: the broker redelivers. Deliveries buffered before a connection loss are
/// skipped (the broker redelivers them on the recovered channel).</item>
/// <item>Ordering: for one consumer instance, messages of one producer arrive in publish order, except that a retried
/// message comes back after the ones behind it, and a delivery returned to the queue (crash, stop) may be redelivered
/// out of order relative to the unacknowledged ones prefetched with it. Several instances of one consumer share the
/// queue and give no order between them.</item>
/// </list>
/// </summary>
public sealed class RabbitMqTransport : IMessageTransport
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly RabbitMqOptions options;
    private readonly SemaphoreSlim connectGate = new(1, 1);
    private readonly SemaphoreSlim publishSlots;
    private readonly ConcurrentQueue<PooledChannel> idleChannels = new();
    private readonly CancellationTokenSource disposing = new();
    private readonly TimeSpan[] tiers;
    private IConnection? connection;
    private int connectionEpoch;
    private int disposed;

    public RabbitMqTransport(IOptions<RabbitMqOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        tiers = [.. this.options.RetryTiers.Where(t => t > TimeSpan.Zero).Distinct().Order()];
        if (tiers.Length == 0)
        {
            throw new ArgumentException("At least one positive retry tier is needed.", nameof(options));
        }

        publishSlots = new SemaphoreSlim(Math.Max(1, this.options.PublisherChannels));
    }

    public static string DeadQueue(string consumer) => $"{consumer}.dead";

    public string RetryQueue(string consumer, TimeSpan delay) => $"{consumer}.retry.{TierName(Tier(delay))}";

    /// <summary>Every queue this transport declares for <paramref name="consumer"/> (for tooling and clean-up).</summary>
    public IReadOnlyList<string> QueuesOf(string consumer) => [consumer, DeadQueue(consumer), .. tiers.Select(t => $"{consumer}.retry.{TierName(t)}")];

    public async Task EnsureConsumerAsync(string consumer, IReadOnlyCollection<string> messageTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageTypes);
        var channel = await OpenChannelAsync(cancellationToken);
        try
        {
            await DeclareExchangeAsync(channel, cancellationToken);
            await DeclareQueuesAsync(channel, consumer, cancellationToken);
            foreach (var type in messageTypes.Distinct(StringComparer.Ordinal))
            {
                await channel.QueueBindAsync(consumer, options.Exchange, type, cancellationToken: cancellationToken);
            }
        }
        finally
        {
            await CloseQuietlyAsync(channel);
        }
    }

    public Task PublishAsync(TransportMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PublishConfirmedAsync(options.Exchange, message.Type, RabbitMqMessages.ToProperties(message, attempt: 1), message.Body, message.MessageId, cancellationToken);
    }

    public async Task ConsumeAsync(string consumer, Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposing.Token);
        var connection = await GetConnectionAsync(stop.Token);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: 1), stop.Token);
        var stopping = 0;
        var generation = 0;
        var inbox = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        try
        {
            await DeclareQueuesAsync(channel, consumer, stop.Token);
            await channel.BasicQosAsync(0, options.Prefetch, global: false, stop.Token);

            // A connection loss returns every unacknowledged delivery to the queue: those still buffered here are
            // stale (their delivery tags died with the channel) and will come again on the recovered channel.
            channel.ChannelShutdownAsync += (_, args) =>
            {
                Interlocked.Increment(ref generation);
                if (Volatile.Read(ref stopping) == 0 && connection.IsOpen && connection.CloseReason is null)
                {
                    // Closed by a channel-level error: automatic recovery only handles connection failures.
                    inbox.Writer.TryComplete(new InvalidOperationException($"The consumer channel of '{consumer}' was closed: {args.ReplyCode} {args.ReplyText}"));
                }

                return Task.CompletedTask;
            };

            var basicConsumer = new InboxConsumer(channel,
                (properties, body, routingKey, tag) =>
                {
                    var (message, attempt, invalid) = RabbitMqMessages.Read(properties, body, routingKey);
                    inbox.Writer.TryWrite(new Delivery(Volatile.Read(ref generation), tag, new ReceivedMessage(message, attempt), invalid));
                },
                () => inbox.Writer.TryComplete(new InvalidOperationException($"The broker cancelled the consumer of '{consumer}' (queue deleted?).")));
            await channel.BasicConsumeAsync(consumer, autoAck: false, basicConsumer, stop.Token);

            while (true)
            {
                Delivery delivery;
                try
                {
                    delivery = await inbox.Reader.ReadAsync(stop.Token);
                }
                catch (ChannelClosedException closed) when (closed.InnerException is not null)
                {
                    throw closed.InnerException;
                }

                if (delivery.Generation == Volatile.Read(ref generation))
                {
                    await HandleAsync(channel, consumer, delivery, handler, stop.Token);
                }
            }
        }
        finally
        {
            // Closing the channel hands every unacknowledged delivery back to the broker.
            Volatile.Write(ref stopping, 1);
            inbox.Writer.TryComplete();
            await CloseQuietlyAsync(channel);
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string consumer, int limit, CancellationToken cancellationToken)
    {
        var dead = new List<DeadLetter>();
        var channel = await OpenChannelAsync(cancellationToken);
        try
        {
            await DeclareQueueAsync(channel, DeadQueue(consumer), null, cancellationToken);
            while (dead.Count < limit && await channel.BasicGetAsync(DeadQueue(consumer), autoAck: false, cancellationToken) is { } got)
            {
                dead.Add(RabbitMqMessages.ReadDeadLetter(consumer, got));
            }
        }
        finally
        {
            // Never acknowledged: closing the channel puts them all back.
            await CloseQuietlyAsync(channel);
        }

        return dead;
    }

    public async Task<int> ReplayDeadLettersAsync(string consumer, IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken)
    {
        var wanted = messageIds is null ? null : new HashSet<Guid>(messageIds);
        var replayed = 0;
        var channel = await OpenChannelAsync(cancellationToken);
        try
        {
            await DeclareQueuesAsync(channel, consumer, cancellationToken);

            // Only what is there now: the ones left alone stay unacknowledged (so not fetched again) until the end.
            var present = await channel.QueueDeclarePassiveAsync(DeadQueue(consumer), cancellationToken);
            for (var i = 0u; i < present.MessageCount; i++)
            {
                if (await channel.BasicGetAsync(DeadQueue(consumer), autoAck: false, cancellationToken) is not { } got)
                {
                    break;
                }

                var dead = RabbitMqMessages.ReadDeadLetter(consumer, got);
                if (wanted is not null && !wanted.Contains(dead.Message.MessageId))
                {
                    continue;
                }

                await PublishConfirmedAsync("", consumer, RabbitMqMessages.ToProperties(dead.Message, attempt: 1), dead.Message.Body, dead.Message.MessageId, cancellationToken);
                await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
                replayed++;
            }
        }
        finally
        {
            await CloseQuietlyAsync(channel);
        }

        return replayed;
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await GetConnectionAsync(cancellationToken);
            if (!connection.IsOpen)
            {
                return false;
            }

            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.ExchangeDeclarePassiveAsync(options.Exchange, cancellationToken);
                return true;
            }
            finally
            {
                await CloseQuietlyAsync(channel);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await disposing.CancelAsync();
        while (idleChannels.TryDequeue(out var pooled))
        {
            await CloseQuietlyAsync(pooled.Channel);
        }

        if (connection is { } open)
        {
            try
            {
                await open.CloseAsync(CloseTimeout);
            }
            catch (Exception e) when (e is OperationInterruptedException or IOException or TimeoutException or OperationCanceledException)
            {
                // Already gone.
            }

            await open.DisposeAsync();
        }

        disposing.Dispose();
    }

    private async Task HandleAsync(IChannel channel, string consumer, Delivery delivery,
        Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
    {
        DeliveryOutcome outcome;
        if (delivery.Invalid is { } invalid)
        {
            outcome = DeliveryOutcome.DeadLetter(invalid);
        }
        else
        {
            try
            {
                outcome = await handler(delivery.Received, cancellationToken);
            }
            catch
            {
                // No outcome: give it back at once (closing the channel would do it too).
                try
                {
                    await channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, CancellationToken.None);
                }
                catch (Exception e) when (e is OperationInterruptedException or IOException)
                {
                    // The channel is gone: the broker requeues it anyway.
                }

                throw;
            }
        }

        // Recorded even while stopping: the handler's work is committed and must not be redone needlessly.
        var message = delivery.Received.Message;
        try
        {
            switch (outcome)
            {
                case DeliveryOutcome.Retry retry:
                    await PublishConfirmedAsync("", RetryQueue(consumer, retry.Delay),
                        RabbitMqMessages.ToProperties(message, delivery.Received.Attempt + 1, [new(RabbitMqMessages.LastErrorHeader, retry.Error)]),
                        message.Body, message.MessageId, CancellationToken.None);
                    break;
                case DeliveryOutcome.DeadLettered dead:
                    await PublishConfirmedAsync("", DeadQueue(consumer),
                        RabbitMqMessages.ToProperties(message, delivery.Received.Attempt,
                        [
                            new(RabbitMqMessages.DeadReasonHeader, dead.Reason),
                            new(RabbitMqMessages.DeadAtHeader, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
                        ]),
                        message.Body, message.MessageId, CancellationToken.None);
                    break;
            }

            await channel.BasicAckAsync(delivery.Tag, multiple: false, CancellationToken.None);
        }
        catch (Exception e) when (e is OperationInterruptedException or IOException or TimeoutException)
        {
            // Connection trouble: without the ack the broker redelivers it once the connection is back (a duplicate
            // at worst, which the inbox drops). A channel that stays closed ends the loop through ChannelShutdownAsync.
        }
    }

    private async Task PublishConfirmedAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, Guid messageId, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposing.Token);
        deadline.CancelAfter(options.PublishTimeout);
        var token = deadline.Token;
        Exception? lastFailure = null;
        try
        {
            while (true)
            {
                await publishSlots.WaitAsync(token);
                PooledChannel? pooled = null;
                try
                {
                    pooled = await RentChannelAsync(token);
                    await pooled.Channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body, token);
                    idleChannels.Enqueue(pooled);
                    pooled = null;
                    return;
                }
                catch (PublishException nack) when (!nack.IsReturn)
                {
                    throw new IOException($"The broker refused (nack) message {messageId} for '{routingKey}'.", nack);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    lastFailure = e;
                }
                finally
                {
                    if (pooled is not null)
                    {
                        // Failed or cancelled mid-publish: its confirm state is unknown, so it is not reused.
                        await CloseQuietlyAsync(pooled.Channel);
                    }

                    publishSlots.Release();
                }

                // Connection lost (or not yet made): wait for the automatic recovery, then publish again.
                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
                while (connection is { IsOpen: false })
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !disposing.IsCancellationRequested)
        {
            throw new TimeoutException($"RabbitMQ did not confirm message {messageId} for '{routingKey}' within {options.PublishTimeout}.", lastFailure);
        }
    }

    private async Task<PooledChannel> RentChannelAsync(CancellationToken cancellationToken)
    {
        var epoch = Volatile.Read(ref connectionEpoch);
        while (idleChannels.TryDequeue(out var idle))
        {
            if (idle.Epoch == epoch && idle.Channel.IsOpen)
            {
                return idle;
            }

            // Opened before a connection loss: 7.x can leave a recovered confirm channel waiting forever.
            await CloseQuietlyAsync(idle.Channel);
        }

        var connection = await GetConnectionAsync(cancellationToken);
        epoch = Volatile.Read(ref connectionEpoch);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        try
        {
            await DeclareExchangeAsync(channel, cancellationToken);
        }
        catch
        {
            await CloseQuietlyAsync(channel);
            throw;
        }

        return new PooledChannel(channel, epoch);
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        return await connection.CreateChannelAsync(cancellationToken: cancellationToken);
    }

    private async Task<IConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Volatile.Read(ref connection) is { } existing)
        {
            return existing;
        }

        await connectGate.WaitAsync(cancellationToken);
        try
        {
            if (connection is { } made)
            {
                return made;
            }

            var factory = new ConnectionFactory
            {
                Uri = new Uri(options.Uri),
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = options.NetworkRecoveryInterval,
                ClientProvidedName = options.ConnectionName,
            };
            var created = await factory.CreateConnectionAsync(cancellationToken);
            created.ConnectionShutdownAsync += (_, _) =>
            {
                Interlocked.Increment(ref connectionEpoch);
                return Task.CompletedTask;
            };
            Volatile.Write(ref connection, created);
            return created;
        }
        finally
        {
            connectGate.Release();
        }
    }

    private Task DeclareExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);

    private async Task DeclareQueuesAsync(IChannel channel, string consumer, CancellationToken cancellationToken)
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

        await DeclareQueueAsync(channel, consumer, main, cancellationToken);
        await DeclareQueueAsync(channel, DeadQueue(consumer), null, cancellationToken);
        foreach (var tier in tiers)
        {
            await DeclareQueueAsync(channel, $"{consumer}.retry.{TierName(tier)}", new()
            {
                ["x-message-ttl"] = (long)tier.TotalMilliseconds,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = consumer,
                ["x-dead-letter-strategy"] = "at-least-once",
                ["x-overflow"] = "reject-publish",
            }, cancellationToken);
        }
    }

    private static Task<QueueDeclareOk> DeclareQueueAsync(IChannel channel, string queue, Dictionary<string, object?>? arguments, CancellationToken cancellationToken)
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

    private static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await channel.CloseAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationInterruptedException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed already, or the connection is down: the broker drops it either way.
        }

        await channel.DisposeAsync();
    }

    /// <summary>Hands deliveries to the consume loop; tells a cancel by the broker apart from a channel shutdown.</summary>
    private sealed class InboxConsumer(IChannel channel, Action<IReadOnlyBasicProperties, ReadOnlyMemory<byte>, string, ulong> received, Action cancelledByBroker)
        : AsyncDefaultBasicConsumer(channel)
    {
        public override Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange, string routingKey,
            IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
        {
            received(properties, body, routingKey, deliveryTag);
            return Task.CompletedTask;
        }

        public override async Task HandleBasicCancelAsync(string consumerTag, CancellationToken cancellationToken = default)
        {
            await base.HandleBasicCancelAsync(consumerTag, cancellationToken);
            cancelledByBroker();
        }
    }

    private sealed record PooledChannel(IChannel Channel, int Epoch);

    private sealed record Delivery(int Generation, ulong Tag, ReceivedMessage Received, string? Invalid);
}
