using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Reservations;

namespace Outlay.Catalog.Metrics;

/// <summary>Refreshes <see cref="CatalogGauges"/> with indexed aggregates every few seconds.</summary>
internal sealed partial class CatalogGaugeRefresher(IServiceScopeFactory scopes, CatalogGauges gauges, IConfiguration configuration, ILogger<CatalogGaugeRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(configuration.GetValue("Catalog:GaugeRefreshInterval", TimeSpan.FromSeconds(15)));
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
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        gauges.OutstandingReservations = await db.Reservations.LongCountAsync(r => r.Status == ReservationStatus.Reserved, cancellationToken);
        gauges.ReservedUnits = await db.Products.SumAsync(p => (long)p.Reserved, cancellationToken);
        gauges.ActiveProducts = await db.Products.LongCountAsync(p => !p.Retired, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the catalog gauges")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
