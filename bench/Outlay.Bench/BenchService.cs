using System.Diagnostics;

namespace Outlay.Bench;

/// <summary>
/// A service run as a real process (<c>dotnet its.dll</c>) on a free loopback port, configured through environment
/// variables, ready once <c>/health/ready</c> answers; disposing kills it. The last lines it printed are kept for errors.
/// </summary>
internal sealed class BenchService : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> output = new();

    private BenchService(Process process, HttpClient client)
    {
        this.process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<BenchService> StartAsync(string assembly, IReadOnlyDictionary<string, string> environment)
    {
        var port = IdentityBenchmarks.FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, assembly)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var service = new BenchService(Process.Start(start)!, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) });
        service.process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        service.process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        try
        {
            await IdentityBenchmarks.WaitReadyAsync(service.Client);
        }
        catch (TimeoutException)
        {
            await service.DisposeAsync();
            throw new TimeoutException($"{assembly} did not become ready:\n{service.Output}");
        }

        return service;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Client.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > 50)
            {
                output.Dequeue();
            }
        }
    }
}
