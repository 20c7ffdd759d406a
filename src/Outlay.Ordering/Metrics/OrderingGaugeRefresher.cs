using Microsoft.EntityFrameworkCore;

using Outlay.Ordering.Infrastructure;
using Outlay.ServiceDefaults.Metrics;

namespace Outlay.Ordering.Metrics;

/// <summary>Refreshes <see cref="OrderingGauges"/> with one grouped count over the status index every few seconds.</summary>
internal sealed class OrderingGaugeRefresher(IServiceScopeFactory scopes, OrderingGauges gauges, IConfiguration configuration, ILogger<OrderingGaugeRefresher> logger)
    : PeriodicGaugeRefresher(scopes, configuration.GetValue("Ordering:GaugeRefreshInterval", TimeSpan.FromSeconds(15)), logger)
{
    protected override async Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<OrderingDbContext>();
        var counts = await db.Orders.GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        gauges.Set(counts.ToDictionary(c => c.Status, c => c.Count));
    }
}
