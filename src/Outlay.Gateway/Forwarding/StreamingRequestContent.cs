using System.Buffers;
using System.Net;

namespace Outlay.Gateway.Forwarding;

/// <summary>
/// The client's request body handed to the upstream connection as it arrives: one pooled buffer, no copy of
/// the whole body. Records whether anything was sent (after that the request can no longer be retried) and
/// whether a failure came from the client side rather than the destination.
/// </summary>
internal sealed class StreamingRequestContent(Stream source) : HttpContent
{
    private const int BufferSize = 64 * 1024;

    public bool Started { get; private set; }

    public bool ClientFailed { get; private set; }

    /// <summary>Raised once the whole body has been handed to the upstream connection.</summary>
    public event Action? Completed;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Started = true;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    ClientFailed = true;
                    throw;
                }

                if (read == 0)
                {
                    Completed?.Invoke();
                    return;
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    // Unknown unless the client declared a Content-Length, which is copied as a header.
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
