using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using Outlay.Expenses.Claims;
using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Metrics;

namespace Outlay.Expenses.Metrics;

/// <summary>
/// Refreshes <see cref="GaugeReadings"/>. The entry count sums the rollup (one row per user, month, category and
/// currency) instead of counting expenses; pending claims are counted through the status index.
/// </summary>
internal sealed class GaugeRefresher(IServiceScopeFactory scopes, GaugeReadings readings, IOptions<ExpensesOptions> options, ILogger<GaugeRefresher> logger)
    : PeriodicGaugeRefresher(scopes, options.Value.GaugeRefreshInterval, logger)
{
    protected override async Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ExpensesDbContext>();
        readings.ExpenseEntries = await db.CategoryMonthTotals.SumAsync(t => (long)t.EntryCount, cancellationToken);
        readings.PendingClaims = await db.Claims.LongCountAsync(c => c.Status == ClaimStatus.Pending, cancellationToken);
    }
}
