using Microsoft.EntityFrameworkCore;

using Outlay.Ordering.Infrastructure;

namespace Outlay.Ordering.Metrics;

/// <summary>Refreshes <see cref="OrderingGauges"/> with one grouped count over the status index every few seconds.</summary>
internal sealed partial class OrderingGaugeRefresher(IServiceScopeFactory scopes, OrderingGauges gauges, IConfiguration configuration, ILogger<OrderingGaugeRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(configuration.GetValue("Ordering:GaugeRefreshInterval", TimeSpan.FromSeconds(15)));
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderingDbContext>();
        var counts = await db.Orders.GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        gauges.Set(counts.ToDictionary(c => c.Status, c => c.Count));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the order gauges")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
