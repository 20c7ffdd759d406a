using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Reservations;
using Outlay.ServiceDefaults.Metrics;

namespace Outlay.Catalog.Metrics;

/// <summary>Refreshes <see cref="CatalogGauges"/> with indexed aggregates every few seconds.</summary>
internal sealed class CatalogGaugeRefresher(IServiceScopeFactory scopes, CatalogGauges gauges, IConfiguration configuration, ILogger<CatalogGaugeRefresher> logger)
    : PeriodicGaugeRefresher(scopes, configuration.GetValue("Catalog:GaugeRefreshInterval", TimeSpan.FromSeconds(15)), logger)
{
    protected override async Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CatalogDbContext>();
        gauges.OutstandingReservations = await db.Reservations.LongCountAsync(r => r.Status == ReservationStatus.Reserved, cancellationToken);
        gauges.ReservedUnits = await db.Products.SumAsync(p => (long)p.Reserved, cancellationToken);
        gauges.ActiveProducts = await db.Products.LongCountAsync(p => !p.Retired, cancellationToken);
    }
}
