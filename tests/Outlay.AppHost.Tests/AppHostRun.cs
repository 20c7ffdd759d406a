using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Outlay.AppHost.Tests;

internal sealed record RunningInstance(string Service, int Number, string Version, Uri Url, int Pid);

/// <summary>
/// The real AppHost started as a process on a fresh data folder, with its output collected for the
/// test to wait on. Disposing kills whatever is left of it and its children and deletes the folder.
/// </summary>
internal sealed partial class AppHostRun : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _newOutput = new(0);

    private AppHostRun(string dataFolder, Process process)
    {
        DataFolder = dataFolder;
        _process = process;
    }

    public string DataFolder { get; }

    public int Pid => _process.Id;

    /// <summary>Every child the AppHost starts gets this exact environment entry.</summary>
    public string ChildMarker => "Outlay__Database__DataFolder=" + DataFolder;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static AppHostRun Start(params string[] arguments)
    {
        var appHost = typeof(AppHostRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OutlayAppHost").Value!;
        var dataFolder = Path.Combine(Path.GetTempPath(), "outlay-apphost-" + Guid.NewGuid().ToString("N"));
        var startInfo = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(appHost);
        startInfo.ArgumentList.Add("--data");
        startInfo.ArgumentList.Add(dataFolder);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["NO_COLOR"] = "1";
        // Runs side by side with other tests: the gateway takes a free port instead of the well-known 8080.
        startInfo.Environment["Outlay__AppHost__GatewayPort"] = "0";

        var process = new Process { StartInfo = startInfo };
        var run = new AppHostRun(dataFolder, process);
        process.OutputDataReceived += (_, e) => run.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => run.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits for the ready table and returns its rows.</summary>
    public async Task<IReadOnlyList<RunningInstance>> WaitUntilReadyAsync(TimeSpan timeout)
    {
        await WaitForLineAsync(line => line.StartsWith("Outlay is ready", StringComparison.Ordinal), timeout);
        // The table is written in one piece, so once its first line is here all of it is.
        lock (_lock)
        {
            return
            [
                .. _lines.Select(line => TableRow().Match(line)).Where(m => m.Success).Select(m => new RunningInstance(
                    m.Groups["service"].Value,
                    int.Parse(m.Groups["number"].Value, CultureInfo.InvariantCulture),
                    m.Groups["version"].Value,
                    new Uri(m.Groups["url"].Value),
                    int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture))),
            ];
        }
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var checkedLines = 0;
        while (true)
        {
            lock (_lock)
            {
                for (; checkedLines < _lines.Count; checkedLines++)
                {
                    if (predicate(_lines[checkedLines]))
                    {
                        return _lines[checkedLines];
                    }
                }
            }

            var remaining = timeout - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The expected line did not appear within {timeout.TotalSeconds:0} s. AppHost output:\n{Output}");
            }

            if (!await _newOutput.WaitAsync(remaining < PollInterval ? remaining : PollInterval) && _process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode} before the expected line. Output:\n{Output}");
            }
        }
    }

    public void Signal(int signal) => ProcessTable.Signal(_process.Id, signal);

    /// <summary>Returns the exit code, or null if it was still running at the deadline.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }

            foreach (var pid in ProcessTable.WithEnvironmentContaining(ChildMarker))
            {
                try
                {
                    Process.GetProcessById(pid).Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
        finally
        {
            _process.Dispose();
            _newOutput.Dispose();
            DeleteDataFolder();
        }
    }

    private void DeleteDataFolder()
    {
        try
        {
            if (Directory.Exists(DataFolder))
            {
                Directory.Delete(DataFolder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A killed child may still be closing its database; the folder is in the temp directory anyway.
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
        }

        _newOutput.Release();
    }

    /// <summary>The <c>dotnet</c> next to the runtime the tests run on: {root}/shared/Microsoft.NETCore.App/{version}/.</summary>
    private static string DotnetExecutable()
    {
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    [GeneratedRegex(@"^\s+(?<service>[a-z]+)\s+(?<number>\d+)\s+(?<version>v\d+)\s+(?<url>http://\S+)\s+(?<pid>\d+)\s*$")]
    private static partial Regex TableRow();
}
