using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Reservations;
using Outlay.ServiceDefaults.Metrics;

namespace Outlay.Catalog.Metrics;

/// <summary>
/// Refreshes <see cref="CatalogGauges"/> with indexed aggregates every few seconds. It takes the metrics, not just
/// their gauges, so that the instruments exist from start-up, before any reservation used them.
/// </summary>
internal sealed class CatalogGaugeRefresher(IServiceScopeFactory scopes, CatalogMetrics metrics, IConfiguration configuration, ILogger<CatalogGaugeRefresher> logger)
    : PeriodicGaugeRefresher(scopes, configuration.GetValue("Catalog:GaugeRefreshInterval", TimeSpan.FromSeconds(15)), logger)
{
    protected override async Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CatalogDbContext>();
        metrics.Gauges.OutstandingReservations = await db.Reservations.LongCountAsync(r => r.Status == ReservationStatus.Reserved, cancellationToken);
        metrics.Gauges.ReservedUnits = await db.Products.SumAsync(p => (long)p.Reserved, cancellationToken);
        metrics.Gauges.ActiveProducts = await db.Products.LongCountAsync(p => !p.Retired, cancellationToken);
    }
}
