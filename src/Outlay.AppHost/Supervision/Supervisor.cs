using Outlay.AppHost.Launch;
using Outlay.AppHost.Options;
using Outlay.AppHost.Reporting;

namespace Outlay.AppHost.Supervision;

/// <summary>Starts every instance, waits until all are ready, reports, and stops them all on shutdown.</summary>
internal sealed class Supervisor(IReadOnlyList<ServiceInstance> instances, AppHostOptions options, AdminLogin admin, ConsoleReport report)
{
    /// <returns>The AppHost's exit code: 0 after a requested shutdown, 1 when the services could not be brought up.</returns>
    public async Task<int> RunAsync(string dotnet, CancellationToken shutdown)
    {
        var children = instances.Select(instance => new ChildProcess(instance, dotnet, report)).ToList();
        using var stopChildren = new CancellationTokenSource();
        var running = children.Select(child => Task.Run(() => child.RunAsync(stopChildren.Token), CancellationToken.None)).ToList();
        try
        {
            return await SuperviseAsync(children, running, shutdown);
        }
        finally
        {
            report.Info("stopping");
            await stopChildren.CancelAsync();
            await Task.WhenAll(running.Select(IgnoreFailure));
            report.Info("stopped");
        }
    }

    private async Task<int> SuperviseAsync(List<ChildProcess> children, List<Task> running, CancellationToken shutdown)
    {
        // A child's task only ends on its own when starting the process failed.
        var failed = Task.WhenAny(running);

        using var probe = new ReadinessProbe();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        deadline.CancelAfter(options.ReadyTimeout);
        var ready = Task.WhenAll(children.Select(child => probe.WaitAsync(child.Instance.Url, deadline.Token)));
        await Task.WhenAny(ready, failed);

        if (failed.IsCompleted)
        {
            return Failed(await failed);
        }

        if (ready.IsCanceled || ready.IsFaulted)
        {
            if (shutdown.IsCancellationRequested)
            {
                return 0;
            }

            report.Error($"not every service became ready within {options.ReadyTimeout.TotalSeconds:0} s; see the logs above");
            return 1;
        }

        report.Ready([.. children.Select(child => (child.Instance, child.Pid))], options, admin);

        var stopped = Task.Delay(Timeout.Infinite, shutdown);
        if (await Task.WhenAny(stopped, failed) == failed)
        {
            return Failed(await failed);
        }

        return 0;
    }

    private int Failed(Task child)
    {
        report.Error($"a service could not be started: {child.Exception?.GetBaseException().Message}");
        return 1;
    }

    private static async Task IgnoreFailure(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Already reported by SuperviseAsync.
        }
    }
}
