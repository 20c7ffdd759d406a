using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outlay.Testing;

/// <summary>
/// A service run as a real process (<c>dotnet its.dll</c>) on a fixed loopback port, configured through environment
/// variables, so a test can kill it with SIGKILL and start it again on the same port and data. Output is kept for
/// failure messages; disposing kills whatever still runs.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string assemblyPath;
    private readonly Dictionary<string, string?> settings;
    private readonly List<string> output = [];
    private readonly Lock outputLock = new();
    private Process? process;

    public ServiceProcess(string assemblyPath, IReadOnlyDictionary<string, string?> settings)
    {
        this.assemblyPath = assemblyPath;
        this.settings = new Dictionary<string, string?>(settings);
        Port = FreePort();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(100) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>The operating system's id of the running process, e.g. to read its memory from <c>/proc</c>.</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException("Not started.");

    public string Output
    {
        get
        {
            lock (outputLock)
            {
                return string.Join('\n', output.TakeLast(200));
            }
        }
    }

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A pipe only we hold: with Outlay:StopWhenStdinCloses the service stops itself if this test host dies unkilled.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"{assemblyPath} did not start.");
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var ready = await Eventually.ReadAsync(IsReadyAsync, ok => ok || process.HasExited, timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(ready, $"{Path.GetFileName(assemblyPath)} did not become ready:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was not committed is lost, as in a real crash.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        Client.Dispose();
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Client.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputLock)
        {
            output.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetExecutable()
    {
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
