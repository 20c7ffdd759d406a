using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Outlay.Messaging.RabbitMq;

/// <summary>
/// The transport's one AMQP connection, made on first use, with automatic (network and topology) recovery. Its epoch
/// counts connection losses, so that channels opened before one can be told apart; its disposal token stops the
/// publishes and consumers in flight.
/// </summary>
internal sealed class RabbitMqConnection(RabbitMqOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim connectGate = new(1, 1);
    private readonly CancellationTokenSource disposing = new();
    private IConnection? connection;
    private int connectionEpoch;
    private int disposed;

    public CancellationToken Disposing => disposing.Token;

    public bool IsDisposing => disposing.IsCancellationRequested;

    public int Epoch => Volatile.Read(ref connectionEpoch);

    /// <summary>Made, but lost and not recovered (yet).</summary>
    public bool IsDown => connection is { IsOpen: false };

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, typeof(RabbitMqTransport));
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

    public async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        var connection = await GetAsync(cancellationToken);
        return await connection.CreateChannelAsync(cancellationToken: cancellationToken);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await GetAsync(cancellationToken);
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

    /// <summary>First step of disposal: refuses new connections, cancels <see cref="Disposing"/>; false when already called.</summary>
    public async Task<bool> BeginDisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return false;
        }

        await disposing.CancelAsync();
        return true;
    }

    /// <summary>Last step of disposal (after <see cref="BeginDisposeAsync"/>), once the channels are closed.</summary>
    public async ValueTask DisposeAsync()
    {
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

    public static async Task CloseQuietlyAsync(IChannel channel)
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
}
