using System.Diagnostics.Metrics;

using Outlay.Ordering.Orders;

namespace Outlay.Ordering.Metrics;

/// <summary>Ordering's business figures; labels are bounded enumerations (status, outcome), never ids.</summary>
public sealed class OrderingMetrics
{
    public const string MeterName = "Outlay.Ordering";

    /// <summary>
    /// A decision normally takes milliseconds, but waits for Catalog when it is down or behind: buckets from 5 ms to
    /// an hour, so that the p99 of an outage reads minutes rather than the shared buckets' last bound, 10 s.
    /// </summary>
    public static readonly IReadOnlyList<double> DecisionTimeBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private readonly Counter<long> placed;
    private readonly Counter<long> refused;
    private readonly Counter<long> accepted;
    private readonly Counter<long> rejected;
    private readonly Counter<long> cancelled;
    private readonly Histogram<double> decisionTime;

    public OrderingMetrics(IMeterFactory meterFactory, OrderingGauges gauges)
    {
        Gauges = gauges;
        var meter = meterFactory.Create(MeterName);
        placed = meter.CreateCounter<long>("outlay.ordering.orders.placed", "{order}", "Orders stored as pending and sent to the stock check.");
        refused = meter.CreateCounter<long>("outlay.ordering.orders.refused", "{order}", "Orders refused before the stock check: the replica showed they cannot be served.");
        accepted = meter.CreateCounter<long>("outlay.ordering.orders.accepted", "{order}", "Orders accepted by the stock check.");
        rejected = meter.CreateCounter<long>("outlay.ordering.orders.rejected", "{order}", "Orders rejected by the stock check.");
        cancelled = meter.CreateCounter<long>("outlay.ordering.orders.cancelled", "{order}", "Orders cancelled by their buyer or an admin.");
        decisionTime = meter.CreateHistogram<double>("outlay.ordering.saga.decision.duration", "s", "Time from placing an order to the stock check's decision.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DecisionTimeBuckets });
        meter.CreateObservableGauge("outlay.ordering.orders", () => gauges.ByStatus(), "{order}", "Orders by status.");
        meter.CreateObservableGauge("outlay.ordering.reservations.outstanding", () => gauges.Count(OrderStatus.Accepted), "{order}",
            "Accepted orders not yet shipped or cancelled: each holds a stock reservation in Catalog.");
    }

    /// <summary>The values the gauges report; <see cref="OrderingGaugeRefresher"/> sets them.</summary>
    public OrderingGauges Gauges { get; }

    public void Placed() => placed.Add(1);

    public void RefusedEarly() => refused.Add(1);

    public void Moved(OrderStatus from, OrderStatus to, TimeSpan sincePlaced)
    {
        switch (to)
        {
            case OrderStatus.Accepted:
                accepted.Add(1);
                break;
            case OrderStatus.Rejected:
                rejected.Add(1);
                break;
            case OrderStatus.Cancelled:
                cancelled.Add(1);
                break;
        }

        if (from == OrderStatus.Pending && to is OrderStatus.Accepted or OrderStatus.Rejected)
        {
            decisionTime.Record(Math.Max(0, sincePlaced.TotalSeconds), new KeyValuePair<string, object?>("outcome", OrderLifecycle.Name(to)));
        }
    }
}

/// <summary>Order counts by status, read on a timer so that a scrape never queries the database.</summary>
public sealed class OrderingGauges
{
    private volatile IReadOnlyDictionary<OrderStatus, long> counts = new Dictionary<OrderStatus, long>();

    public void Set(IReadOnlyDictionary<OrderStatus, long> byStatus) => counts = byStatus;

    public long Count(OrderStatus status) => counts.GetValueOrDefault(status);

    public IEnumerable<Measurement<long>> ByStatus() =>
        Enum.GetValues<OrderStatus>().Select(s => new Measurement<long>(Count(s), new KeyValuePair<string, object?>("status", OrderLifecycle.Name(s))));
}
