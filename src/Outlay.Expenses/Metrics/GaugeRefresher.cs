using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using Outlay.Expenses.Claims;
using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Metrics;

namespace Outlay.Expenses.Metrics;

/// <summary>
/// Refreshes <see cref="GaugeReadings"/>. The entry count sums the rollup (one row per user, month, category and
/// currency) instead of counting expenses; pending claims are counted through the status index. It takes the
/// metrics, not just their readings, so that the instruments exist from start-up, before any request used them.
/// </summary>
internal sealed class GaugeRefresher(IServiceScopeFactory scopes, ExpensesMetrics metrics, IOptions<ExpensesOptions> options, ILogger<GaugeRefresher> logger)
    : PeriodicGaugeRefresher(scopes, options.Value.GaugeRefreshInterval, logger)
{
    protected override async Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ExpensesDbContext>();
        metrics.Gauges.ExpenseEntries = await db.CategoryMonthTotals.SumAsync(t => (long)t.EntryCount, cancellationToken);
        metrics.Gauges.PendingClaims = await db.Claims.LongCountAsync(c => c.Status == ClaimStatus.Pending, cancellationToken);
    }
}
