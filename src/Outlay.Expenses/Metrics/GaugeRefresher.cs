using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using Outlay.Expenses.Claims;
using Outlay.Expenses.Infrastructure;

namespace Outlay.Expenses.Metrics;

/// <summary>
/// Refreshes <see cref="GaugeReadings"/>. The entry count sums the rollup (one row per user, month, category and
/// currency) instead of counting expenses; pending claims are counted through the status index.
/// </summary>
internal sealed partial class GaugeRefresher(IServiceScopeFactory scopes, GaugeReadings readings, IOptions<ExpensesOptions> options, ILogger<GaugeRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GaugeRefreshInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExpensesDbContext>();
        readings.ExpenseEntries = await db.CategoryMonthTotals.SumAsync(t => (long)t.EntryCount, cancellationToken);
        readings.PendingClaims = await db.Claims.LongCountAsync(c => c.Status == ClaimStatus.Pending, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the expense gauges")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
