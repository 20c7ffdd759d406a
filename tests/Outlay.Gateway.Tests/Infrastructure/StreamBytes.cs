namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>Reads a body to its end through one small buffer, never holding it, and says how long it was.</summary>
internal static class StreamBytes
{
    public static async Task<long> CountToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }
}
