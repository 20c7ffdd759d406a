using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Outlay.Messaging.Transport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Outlay.Messaging.RabbitMq;

/// <summary>One message to publish with a confirm: where it goes, and its id for error messages.</summary>
internal sealed record OutgoingMessage(string Exchange, string RoutingKey, BasicProperties Properties, ReadOnlyMemory<byte> Body, Guid MessageId);

/// <summary>
/// Confirmed publishing.
/// <list type="bullet">
/// <item>Publishing is <c>mandatory: false</c>: a type nobody is bound to yet is confirmed and dropped, as a topic
/// exchange does. Consumers therefore declare their queues (EnsureConsumerAsync at start-up) before the events they
/// must not miss are published; a consumer added later starts with the events published after it was declared.
/// Bindings are only ever added: a type a consumer stops handling must be unbound by hand.</item>
/// <item>Publishes go through a small pool of confirm-enabled channels (concurrent publishes from several callers on one
/// 7.x channel with confirmation tracking are unsafe), one caller per channel at a time; a batch is one caller, which
/// issues its publishes one after another and then awaits their confirms together. Confirms are awaited with the
/// caller's token plus <see cref="RabbitMqOptions.PublishTimeout"/> (7.x can wait forever for a confirm after a broker
/// restart); a channel that failed or timed out is thrown away, and a publish interrupted by a connection loss is
/// repeated once the connection recovered (the same message id, so at worst a duplicate the inbox drops).</item>
/// </list>
/// </summary>
internal sealed class RabbitMqPublisher(RabbitMqOptions options, RabbitMqConnection connection, RabbitMqTopology topology) : IAsyncDisposable
{
    private readonly SemaphoreSlim publishSlots = new(Math.Max(1, options.PublisherChannels));
    private readonly ConcurrentQueue<PooledChannel> idleChannels = new();

    public async Task PublishConfirmedAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, Guid messageId, CancellationToken cancellationToken)
    {
        var result = await PublishConfirmedAsync([new OutgoingMessage(exchange, routingKey, properties, body, messageId)], cancellationToken);
        if (result.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Publishes <paramref name="messages"/> in order on one channel and returns how many from the start the broker
    /// confirmed. All are in flight before the first confirm is awaited, so the batch costs about one confirm
    /// round-trip (and one broker fsync) instead of one per message. The deadline covers the whole batch.
    /// </summary>
    public async Task<BatchPublishResult> PublishConfirmedAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Disposing);
        deadline.CancelAfter(options.PublishTimeout);
        var token = deadline.Token;
        var confirmed = 0;
        Exception? lastFailure = null;
        try
        {
            while (confirmed < messages.Count)
            {
                await publishSlots.WaitAsync(token);
                PooledChannel? pooled = null;
                try
                {
                    pooled = await RentChannelAsync(token);
                    var (count, failure) = await PublishInOrderAsync(pooled.Channel, messages, confirmed, token);
                    confirmed += count;
                    if (failure is null)
                    {
                        idleChannels.Enqueue(pooled);
                        pooled = null;
                        break;
                    }

                    if (failure is PublishException { IsReturn: false } nack)
                    {
                        var refused = messages[confirmed];
                        return new BatchPublishResult(confirmed,
                            new IOException($"The broker refused (nack) message {refused.MessageId} for '{refused.RoutingKey}'.", nack));
                    }

                    ExceptionDispatchInfo.Throw(failure);
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
                        await RabbitMqConnection.CloseQuietlyAsync(pooled.Channel);
                    }

                    publishSlots.Release();
                }

                // Connection lost (or not yet made): wait for the automatic recovery, then publish the unconfirmed rest
                // again (the same message ids, so a message that did arrive is at worst a duplicate the inbox drops).
                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
                while (connection.IsDown)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), token);
                }
            }

            return new BatchPublishResult(confirmed, null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !connection.IsDisposing)
        {
            var late = messages[confirmed];
            return new BatchPublishResult(confirmed,
                new TimeoutException($"RabbitMQ did not confirm message {late.MessageId} for '{late.RoutingKey}' within {options.PublishTimeout}.", lastFailure));
        }
    }

    /// <summary>Closes the idle channels: part of the transport's disposal, before the connection is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        while (idleChannels.TryDequeue(out var pooled))
        {
            await RabbitMqConnection.CloseQuietlyAsync(pooled.Channel);
        }
    }

    private async Task<PooledChannel> RentChannelAsync(CancellationToken cancellationToken)
    {
        var epoch = connection.Epoch;
        while (idleChannels.TryDequeue(out var idle))
        {
            if (idle.Epoch == epoch && idle.Channel.IsOpen)
            {
                return idle;
            }

            // Opened before a connection loss: 7.x can leave a recovered confirm channel waiting forever.
            await RabbitMqConnection.CloseQuietlyAsync(idle.Channel);
        }

        var amqp = await connection.GetAsync(cancellationToken);
        epoch = connection.Epoch;
        var channel = await amqp.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        try
        {
            await topology.DeclareExchangeAsync(channel, cancellationToken);
        }
        catch
        {
            await RabbitMqConnection.CloseQuietlyAsync(channel);
            throw;
        }

        return new PooledChannel(channel, epoch);
    }

    /// <summary>
    /// Issues every publish from <paramref name="first"/> on before awaiting any confirm, then counts the confirmed prefix.
    /// Order on the broker is list order: the calls are made one after another on one channel, and the client assigns the
    /// publish sequence number and writes the frames under one lock, in call order (the channel has no rate limiter that
    /// could delay a publish past a later one). The first failure ends the prefix; the later tasks are still awaited, so
    /// none is left unobserved (a nack leaves the channel open and the rest are confirmed; a lost channel fails them all).
    /// </summary>
    private static async Task<(int Confirmed, Exception? Failure)> PublishInOrderAsync(
        IChannel channel, IReadOnlyList<OutgoingMessage> messages, int first, CancellationToken cancellationToken)
    {
        var publishes = new Task[messages.Count - first];
        for (var i = 0; i < publishes.Length; i++)
        {
            var message = messages[first + i];
            publishes[i] = channel.BasicPublishAsync(message.Exchange, message.RoutingKey, mandatory: false, message.Properties, message.Body, cancellationToken).AsTask();
        }

        var confirmed = 0;
        Exception? failure = null;
        foreach (var publish in publishes)
        {
            try
            {
                await publish;
                if (failure is null)
                {
                    confirmed++;
                }
            }
            catch (Exception e)
            {
                failure ??= e;
            }
        }

        return (confirmed, failure);
    }

    private sealed record PooledChannel(IChannel Channel, int Epoch);
}
