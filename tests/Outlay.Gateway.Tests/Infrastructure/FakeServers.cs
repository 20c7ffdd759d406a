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

/// <summary>A TCP server that answers every request with bytes that are not HTTP.</summary>
internal sealed class GarbageServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public GarbageServer()
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = AcceptAsync();
    }

    public Uri Url { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        _ = await stream.ReadAsync(new byte[4096]);
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("THIS IS NOT HTTP AT ALL\r\n\r\n"));
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
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
