using System.Net;

using Outlay.Gateway.Tests.Infrastructure;

namespace Outlay.Gateway.Tests;

/// <summary>Memory figures are process-wide, so this runs while no other test allocates.</summary>
[CollectionDefinition(nameof(StreamingTests), DisableParallelization = true)]
public sealed class StreamingCollection;

/// <summary>Bodies flow through the gateway without being held: a 1 GiB upload costs it a few buffers, not a GiB.</summary>
[Collection(nameof(StreamingTests))]
public sealed class StreamingTests
{
    [Fact]
    public async Task A_one_gigabyte_upload_is_streamed_with_bounded_memory()
    {
        const long size = 1L << 30;
        await using var backend = await Backend.StartAsync("sink");
        await using var gateway = await GatewayHost.StartAsync(GatewayConfig.OpenRoute("svc", backend));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = gateway.Url, Timeout = TimeSpan.FromMinutes(5) };

        // Warm up the connection pools so the measurement sees only the transfer.
        Assert.Equal("1024", await (await client.PostAsync("/sink", new GeneratedContent(1024), TestContext.Current.CancellationToken))
            .Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peakHeap = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                await Task.Delay(20, CancellationToken.None);
            }
        }, TestContext.Current.CancellationToken);

        var response = await client.PostAsync("/sink", new GeneratedContent(size), TestContext.Current.CancellationToken);
        var received = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await sampling.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), received);
        // Client, gateway and backend share this process, so the figures cover all three together.
        Assert.True(allocated < 64L << 20, $"Allocated {allocated >> 20} MiB while streaming 1 GiB.");
        Assert.True(peakHeap - heapBefore < 64L << 20, $"Heap grew by {(peakHeap - heapBefore) >> 20} MiB while streaming 1 GiB.");
        gateway.DeleteFolder();
    }
}
