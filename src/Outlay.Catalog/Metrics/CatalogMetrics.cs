using System.Diagnostics.Metrics;

using Outlay.Contracts.Catalog;

namespace Outlay.Catalog.Metrics;

/// <summary>Catalog's business figures; labels are bounded enumerations (outcome, reason), never ids or names.</summary>
public sealed class CatalogMetrics
{
    public const string MeterName = "Outlay.Catalog";

    private readonly Counter<long> decisions;
    private readonly Counter<long> failures;

    public CatalogMetrics(IMeterFactory meterFactory, CatalogGauges gauges)
    {
        Gauges = gauges;
        var meter = meterFactory.Create(MeterName);
        decisions = meter.CreateCounter<long>("outlay.catalog.reservations", "{reservation}",
            "Reservation decisions and their ends: reserved, rejected, released, committed.");
        failures = meter.CreateCounter<long>("outlay.catalog.reservation.failures", "{line}",
            "Order lines that could not be reserved, by reason.");
        meter.CreateObservableGauge("outlay.catalog.reservations.outstanding", () => gauges.OutstandingReservations, "{reservation}",
            "Reservations held for orders that have neither shipped nor been cancelled.");
        meter.CreateObservableGauge("outlay.catalog.units.reserved", () => gauges.ReservedUnits, "{unit}",
            "Units held by outstanding reservations.");
        meter.CreateObservableGauge("outlay.catalog.products", () => gauges.ActiveProducts, "{product}", "Products on sale (not retired).");
    }

    /// <summary>The values the gauges report; <see cref="CatalogGaugeRefresher"/> sets them.</summary>
    public CatalogGauges Gauges { get; }

    public void Reserved() => decisions.Add(1, new KeyValuePair<string, object?>("outcome", "reserved"));

    public void Rejected(IEnumerable<RejectedLine> lines)
    {
        decisions.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
        foreach (var line in lines)
        {
            failures.Add(1, new KeyValuePair<string, object?>("reason", line.Reason));
        }
    }

    public void Released() => decisions.Add(1, new KeyValuePair<string, object?>("outcome", "released"));

    public void Committed() => decisions.Add(1, new KeyValuePair<string, object?>("outcome", "committed"));
}

/// <summary>Gauge values read on a timer, so that a scrape never queries the database.</summary>
public sealed class CatalogGauges
{
    public long OutstandingReservations { get; set; }
    public long ReservedUnits { get; set; }
    public long ActiveProducts { get; set; }
}
