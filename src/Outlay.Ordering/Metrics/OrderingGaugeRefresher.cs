using Microsoft.EntityFrameworkCore;

using Outlay.Ordering.Infrastructure;
using Outlay.ServiceDefaults.Metrics;

namespace Outlay.Ordering.Metrics;

/// <summary>
/// Refreshes <see cref="OrderingGauges"/> with one grouped count over the status index every few seconds. It takes
/// the metrics, not just their gauges, so that the instruments exist from start-up, before any order used them.
/// </summary>
internal sealed class OrderingGaugeRefresher(IServiceScopeFactory scopes, OrderingMetrics metrics, IConfiguration configuration, ILogger<OrderingGaugeRefresher> logger)
    : PeriodicGaugeRefresher(scopes, configuration.GetValue("Ordering:GaugeRefreshInterval", TimeSpan.FromSeconds(15)), logger)
{
    protected override async Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<OrderingDbContext>();
        var counts = await db.Orders.GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        metrics.Gauges.Set(counts.ToDictionary(c => c.Status, c => c.Count));
    }
}
