using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>Addresses that fail in the ways real destinations do.</summary>
internal static class FakeServers
{
    /// <summary>A loopback port nobody listens on: connections are refused.</summary>
    public static Uri DeadAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}

/// <summary>
/// A TCP server that answers every request head with the same bytes, written by the test, and closes: garbage, or an
/// HTTP response shaped exactly as a test needs (headers a Kestrel backend would not send).
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _answer;
    private readonly Task _loop;

    public ScriptedServer(string answer)
    {
        _answer = Encoding.ASCII.GetBytes(answer);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = AcceptAsync();
    }

    /// <summary>Answers with bytes that are not HTTP at all.</summary>
    public static ScriptedServer Garbage() => new("THIS IS NOT HTTP AT ALL\r\n\r\n");

    public Uri Url { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => AnswerAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new List<byte>();
            var buffer = new byte[4096];
            int read;
            while (!EndsHead(head) && (read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                head.AddRange(buffer.AsSpan(0, read));
            }

            await stream.WriteAsync(_answer, _stop.Token);
        }
    }

    private static bool EndsHead(List<byte> received) =>
        received.Count >= 4 && received[^4] == '\r' && received[^3] == '\n' && received[^2] == '\r' && received[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>
/// A listening socket whose accept queue is full: nobody accepts, so the kernel drops every further SYN and a connect
/// hangs until the caller's own timeout, as with a host that has gone silent. Deterministic on loopback, unlike the
/// usual unroutable address (10.255.255.1), whose fate depends on the machine's routes.
/// </summary>
internal sealed class BlackHoleServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _queued = [];

    private BlackHoleServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
    }

    public Uri Url { get; }

    public static async Task<BlackHoleServer> StartAsync()
    {
        var server = new BlackHoleServer();
        // Linux queues backlog + 1 = 2 connections; fill the queue until a connect no longer completes. An accepted loopback
        // connect takes microseconds and a dropped SYN is resent only after a second, so a second tells them apart; and a
        // stall before two are queued is taken for a slow machine, not a full queue.
        for (var i = 0; i < 16; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.ConnectAsync(server._listener.LocalEndPoint!, deadline.Token);
                server._queued.Add(socket);
            }
            catch (OperationCanceledException) when (server._queued.Count >= 2)
            {
                socket.Dispose();
                return server;
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
            }
        }

        server.Dispose();
        throw new InvalidOperationException("The accept queue never filled; this kernel does not drop SYNs on a full backlog.");
    }

    public void Dispose()
    {
        foreach (var socket in _queued)
        {
            socket.Dispose();
        }

        _listener.Dispose();
    }
}

/// <summary>A request body of a given size produced on the fly, so the test itself holds no copy of it.</summary>
internal sealed class GeneratedContent : HttpContent
{
    private readonly long _length;

    public GeneratedContent(long length)
    {
        _length = length;
        Headers.ContentLength = length;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[64 * 1024];
        for (long sent = 0; sent < _length; sent += chunk.Length)
        {
            await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, _length - sent)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
