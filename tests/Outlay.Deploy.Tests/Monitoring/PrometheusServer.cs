using System.Diagnostics;
using System.Net;
using System.Text.Json;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Monitoring;

/// <summary>
/// A real Prometheus (Debian package <c>prometheus</c>) running the project's local scrape configuration,
/// <c>deploy/prometheus/prometheus-local.yml</c>, with only what a test must change: the targets file of its own
/// AppHost run, the rule files' absolute path, a short scrape interval, and a private port and storage folder.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string folder;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Fails (never skips) without the binary: CI installs it (.ci/run), and a live check that did not run proves nothing.</summary>
    public static string RequireBinary()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists);
        Assert.True(path is not null, "'prometheus' is not on PATH: install the Debian package prometheus (.ci/run does).");
        return path!;
    }

    /// <summary>The local configuration with its targets file and rule files pointed at this run.</summary>
    public static string Configuration(string targetsFile, TimeSpan scrapeInterval)
    {
        var text = Repository.Read("deploy", "prometheus", "prometheus-local.yml");
        var interval = $"{(int)scrapeInterval.TotalSeconds}s";
        return Replace(text, "../../.outlay/prometheus/targets.json", targetsFile)
            .Replace("rules/*.yml", Path.Combine(Repository.PathOf("deploy", "prometheus", "rules"), "*.yml"), StringComparison.Ordinal)
            .Replace("scrape_interval: 15s", $"scrape_interval: {interval}\n  scrape_timeout: {interval}", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", $"evaluation_interval: {interval}", StringComparison.Ordinal)
            .Replace("refresh_interval: 30s", "refresh_interval: 5s", StringComparison.Ordinal);
    }

    public static async Task<PrometheusServer> StartAsync(string binary, string targetsFile, TimeSpan scrapeInterval, TimeSpan timeout)
    {
        var folder = Directory.CreateTempSubdirectory("outlay-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, Configuration(targetsFile, scrapeInterval));
        var address = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(folder, "data")}");
        start.ArgumentList.Add($"--web.listen-address={address.Host}:{address.Port}");
        var process = new Process { StartInfo = start };
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, address);

        var elapsed = Stopwatch.StartNew();
        while (!await server.IsReadyAsync())
        {
            if (process.HasExited || elapsed.Elapsed > timeout)
            {
                await server.DisposeAsync();
                Assert.Fail($"Prometheus did not become ready (exit: {(process.HasExited ? process.ExitCode : "running")}):\n{string.Join('\n', log)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return server;
    }

    /// <summary>The active targets as (job, instance, health, last error).</summary>
    public async Task<IReadOnlyList<(string Job, string Instance, string Health, string Error)>> TargetsAsync()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri(Address, "api/v1/targets?state=active")));
        return
        [
            .. document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t => (
                t.GetProperty("labels").GetProperty("job").GetString()!,
                t.GetProperty("labels").GetProperty("instance").GetString()!,
                t.GetProperty("health").GetString()!,
                t.GetProperty("lastError").GetString() ?? "")),
        ];
    }

    /// <summary>An instant query's samples as (labels, value).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri(Address, "api/v1/query?query=" + Uri.EscapeDataString(promql))));
        return
        [
            .. document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(sample => (
                (IReadOnlyDictionary<string, string>)sample.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(sample.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture))),
        ];
    }

    /// <summary>The label names of the stored series of one metric, target labels included.</summary>
    public async Task<IReadOnlySet<string>> LabelNamesAsync(string metric)
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri(Address, "api/v1/labels?match[]=" + Uri.EscapeDataString(metric))));
        return document.RootElement.GetProperty("data").EnumerateArray().Select(l => l.GetString()!).Where(l => l != "__name__").ToHashSet(StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
            Client.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Client.GetAsync(new Uri(Address, "-/ready"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Replace(string text, string oldValue, string newValue)
    {
        Assert.Contains(oldValue, text, StringComparison.Ordinal);
        return text.Replace(oldValue, newValue, StringComparison.Ordinal);
    }
}
