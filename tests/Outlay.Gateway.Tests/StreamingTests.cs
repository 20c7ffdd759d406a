using System.Diagnostics;
using System.Globalization;
using System.Net;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>A gigabyte of traffic saturates both cores; alone, it leaves the timing of other tests alone.</summary>
[CollectionDefinition(nameof(StreamingTests), DisableParallelization = true)]
public sealed class StreamingCollection;

/// <summary>
/// Bodies flow through the gateway without being held: a 1 GiB upload or download costs the gateway process a few
/// buffers, not a GiB. Measured on the real process, apart from the client and backend that drive it.
/// </summary>
[Collection(nameof(StreamingTests))]
public sealed class StreamingTests
{
    private const long Gigabyte = 1L << 30;
    private const long WarmUpBytes = 64L << 20;

    /// <summary>
    /// Resident-set growth allowed over the warmed-up gateway. Measured on 2 cores (Server GC, as shipped): a few MiB for
    /// each direction; 16 MiB leaves room for the runtime's own bookkeeping while any buffering of the body (≥ 64 MiB
    /// for a gigabyte at the smallest) would fail it.
    /// </summary>
    private const long AllowedGrowth = 16L << 20;

    [Fact]
    public async Task A_one_gigabyte_upload_and_download_grow_the_gateway_process_by_a_few_mebibytes_at_most()
    {
        Assert.SkipUnless(ProcessMemory.IsAvailable, "Resident memory is read from /proc (Linux).");
        await using var backend = await Backend.StartAsync("sink");
        await using var gateway = await GatewayProcess.StartAsync(GatewayConfig.OpenRoute("svc", backend));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = gateway.Url, Timeout = TimeSpan.FromMinutes(2) };
        var memory = gateway.Memory;

        // JIT, connection pools, buffer pools and the GC's first heaps: what any gateway has after its first requests.
        await UploadAsync(client, WarmUpBytes);
        await DownloadAsync(client, WarmUpBytes);
        var upload = await MeasureAsync(memory, () => UploadAsync(client, Gigabyte));
        var download = await MeasureAsync(memory, () => DownloadAsync(client, Gigabyte));

        var report = $"upload: {upload}; download: {download}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(upload.Growth < AllowedGrowth && download.Growth < AllowedGrowth, $"The gateway grew by more than {AllowedGrowth >> 20} MiB: {report}");
    }

    private static async Task UploadAsync(HttpClient client, long bytes)
    {
        using var response = await client.PostAsync("/sink", new GeneratedContent(bytes), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes.ToString(CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task DownloadAsync(HttpClient client, long bytes)
    {
        using var response = await client.GetAsync($"/download/{bytes}", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        Assert.Equal(bytes, await StreamBytes.CountToEndAsync(body, TestContext.Current.CancellationToken));
    }

    /// <summary>Peak resident set during <paramref name="transfer"/> over the resident set just before it.</summary>
    private static async Task<Measurement> MeasureAsync(ProcessMemory memory, Func<Task> transfer)
    {
        var before = memory.ResidentBytes;
        var peakWasReset = memory.TryResetPeak();
        // Sampled as well, for kernels that refuse the reset; the kernel's own peak misses nothing between samples.
        long sampledPeak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                sampledPeak = Math.Max(sampledPeak, memory.ResidentBytes);
                await Task.Delay(20, CancellationToken.None);
            }
        }, TestContext.Current.CancellationToken);

        var elapsed = Stopwatch.StartNew();
        await transfer();
        await done.CancelAsync();
        await sampler;
        var peak = peakWasReset ? Math.Max(memory.PeakResidentBytes, sampledPeak) : sampledPeak;
        return new Measurement(before, peak, elapsed.Elapsed);
    }

    private sealed record Measurement(long Before, long Peak, TimeSpan Elapsed)
    {
        public long Growth => Peak - Before;

        public override string ToString() =>
            $"{Before / 1048576.0:F1} MiB before, peak {Peak / 1048576.0:F1} MiB (+{Growth / 1048576.0:F1} MiB) in {Elapsed.TotalSeconds:F1} s";
    }
}
