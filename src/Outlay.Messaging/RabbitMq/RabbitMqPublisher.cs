using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Outlay.Messaging.RabbitMq;

/// <summary>
/// Confirmed publishing.
/// <list type="bullet">
/// <item>Publishing is <c>mandatory: false</c>: a type nobody is bound to yet is confirmed and dropped, as a topic
/// exchange does. Consumers therefore declare their queues (EnsureConsumerAsync at start-up) before the events they
/// must not miss are published; a consumer added later starts with the events published after it was declared.
/// Bindings are only ever added: a type a consumer stops handling must be unbound by hand.</item>
/// <item>Publishes go through a small pool of confirm-enabled channels (concurrent publishes on one 7.x channel
/// with confirmation tracking are unsafe), one publish per channel at a time. The confirm is awaited with the
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
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Disposing);
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
                        await RabbitMqConnection.CloseQuietlyAsync(pooled.Channel);
                    }

                    publishSlots.Release();
                }

                // Connection lost (or not yet made): wait for the automatic recovery, then publish again.
                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
                while (connection.IsDown)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !connection.IsDisposing)
        {
            throw new TimeoutException($"RabbitMQ did not confirm message {messageId} for '{routingKey}' within {options.PublishTimeout}.", lastFailure);
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

    private sealed record PooledChannel(IChannel Channel, int Epoch);
}
