using System.Diagnostics;
using System.Text;

using Outlay.AppHost.Launch;
using Outlay.AppHost.Reporting;

namespace Outlay.AppHost.Supervision;

/// <summary>
/// One supervised instance: runs <c>dotnet Service.dll</c>, echoes its output, restarts it with backoff
/// when it exits on its own, and stops it gracefully when asked.
/// </summary>
internal sealed class ChildProcess(ServiceInstance instance, string dotnet, ConsoleReport report)
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On Ctrl+C the terminal signals the whole process group, so a child may exit a moment before we
    /// learn that a shutdown is under way; waiting this long before a restart avoids a bogus one.
    /// </summary>
    private static readonly TimeSpan ShutdownSettle = TimeSpan.FromMilliseconds(300);

    private volatile Process? _current;

    public ServiceInstance Instance => instance;

    public int? Pid
    {
        get
        {
            var process = _current;
            try
            {
                return process is { HasExited: false } ? process.Id : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Completes once <paramref name="stopping"/> is cancelled and the child has exited.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new RestartBackoff();
        var restarts = 0;
        while (!stopping.IsCancellationRequested)
        {
            using var process = Start();
            _current = process;
            report.Info(restarts == 0
                ? $"{instance.Id} started (pid {process.Id}) on {instance.Address}"
                : $"{instance.Id} restarted (pid {process.Id}) on {instance.Address}");
            var startedAt = Stopwatch.GetTimestamp();
            try
            {
                await process.WaitForExitAsync(stopping);
                await Task.Delay(ShutdownSettle, stopping);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(process);
                return;
            }

            var delay = backoff.After(Stopwatch.GetElapsedTime(startedAt));
            report.Warning($"{instance.Id} exited with code {process.ExitCode}; restarting in {delay.TotalSeconds:0} s");
            restarts++;
            try
            {
                await Task.Delay(delay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Process Start()
    {
        var startInfo = new ProcessStartInfo(dotnet)
        {
            // The service reads appsettings.json from its content root, which defaults to the working directory.
            WorkingDirectory = Path.GetDirectoryName(instance.AssemblyPath),
            UseShellExecute = false,
            // Kept open and never written: when the AppHost dies, even by SIGKILL, the child reads
            // end-of-file and stops itself (Outlay:StopWhenStdinCloses).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(instance.AssemblyPath);
        foreach (var (name, value) in instance.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Echo(e.Data, fromStandardError: false);
        process.ErrorDataReceived += (_, e) => Echo(e.Data, fromStandardError: true);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Echo(string? line, bool fromStandardError)
    {
        if (line is not null)
        {
            report.ServiceOutput(instance, line, fromStandardError);
        }
    }

    private async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        Posix.Terminate(process.Id);
        try
        {
            // Also how a child stops gracefully where there is no SIGTERM (Windows).
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It is already gone.
        }

        using var grace = new CancellationTokenSource(GracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            report.Warning($"{instance.Id} did not stop within {GracePeriod.TotalSeconds:0} s; killing it");
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
