using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>
/// Recomputes a service's gauges from database aggregates on an interval, so a scrape never queries the database.
/// A failed refresh is logged and the gauges keep their last values until the next tick.
/// </summary>
public abstract partial class PeriodicGaugeRefresher(IServiceScopeFactory scopes, TimeSpan interval, ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RefreshAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(logger, GetType().Name, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads the aggregates with services from a fresh scope and sets the gauges.</summary>
    protected abstract Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Refresher} could not refresh its gauges")]
    private static partial void LogRefreshFailed(ILogger logger, string refresher, Exception exception);
}
