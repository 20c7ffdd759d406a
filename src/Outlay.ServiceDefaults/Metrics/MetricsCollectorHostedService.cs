using Microsoft.Extensions.Hosting;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>
/// Starts the listener in the "starting" phase, before the server accepts requests, so the first requests are
/// counted. Stopping is left to the DI container, which disposes the collector after the server has drained.
/// </summary>
internal sealed class MetricsCollectorHostedService(MetricsCollector collector) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
