using System.Globalization;
using System.Threading.Channels;
using Outlay.Messaging.Transport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Outlay.Messaging.RabbitMq;

/// <summary>
/// Consuming: a dedicated channel, prefetch <see cref="RabbitMqOptions.Prefetch"/>, manual acks, deliveries handled
/// one at a time in arrival order. Retry = confirmed publish of a copy (attempt + 1) to a retry queue, then ack; dead
/// letter = confirmed publish to the dead queue with reason, time and attempt, then ack. No outcome (handler threw, or
/// the consumer stopped) = no ack: the broker redelivers. Deliveries buffered before a connection loss are skipped (the
/// broker redelivers them on the recovered channel).
/// <para>Ordering: for one consumer instance, messages of one producer arrive in publish order, except that a retried
/// message comes back after the ones behind it, and a delivery returned to the queue (crash, stop) may be redelivered
/// out of order relative to the unacknowledged ones prefetched with it. Several instances of one consumer share the
/// queue and give no order between them.</para>
/// </summary>
internal sealed class RabbitMqConsumer(RabbitMqOptions options, RabbitMqConnection connection, RabbitMqTopology topology, RabbitMqPublisher publisher)
{
    public async Task ConsumeAsync(string consumer, Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Disposing);
        var amqp = await connection.GetAsync(stop.Token);
        var channel = await amqp.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: 1), stop.Token);
        var stopping = 0;
        var generation = 0;
        var inbox = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        try
        {
            await topology.DeclareQueuesAsync(channel, consumer, stop.Token);
            await channel.BasicQosAsync(0, options.Prefetch, global: false, stop.Token);

            // A connection loss returns every unacknowledged delivery to the queue: those still buffered here are
            // stale (their delivery tags died with the channel) and will come again on the recovered channel.
            channel.ChannelShutdownAsync += (_, args) =>
            {
                Interlocked.Increment(ref generation);
                if (Volatile.Read(ref stopping) == 0 && amqp.IsOpen && amqp.CloseReason is null)
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
            await channel.BasicConsumeAsync(topology.MainQueue(consumer), autoAck: false, basicConsumer, stop.Token);

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
            await RabbitMqConnection.CloseQuietlyAsync(channel);
        }
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
                    await publisher.PublishConfirmedAsync("", topology.RetryQueue(consumer, retry.Delay),
                        RabbitMqMessages.ToProperties(message, delivery.Received.Attempt + 1, [new(RabbitMqMessages.LastErrorHeader, retry.Error)]),
                        message.Body, message.MessageId, CancellationToken.None);
                    break;
                case DeliveryOutcome.DeadLettered dead:
                    await publisher.PublishConfirmedAsync("", topology.DeadQueue(consumer),
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

    private sealed record Delivery(int Generation, ulong Tag, ReceivedMessage Received, string? Invalid);
}
