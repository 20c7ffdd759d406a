namespace Outlay.ServiceDefaults.Metrics;

/// <summary>Aggregated state of one (instrument, label set); every update is a single lock-free atomic operation.</summary>
internal sealed class MetricSeries(string labels, int bucketCount)
{
    // Sum for counters, up-down counters and histograms; last value for gauges and observed totals.
    private double _value;

    // One slot per finite boundary plus the +Inf slot; stored non-cumulative so recording touches one slot only.
    private readonly long[]? _buckets = bucketCount > 0 ? new long[bucketCount + 1] : null;

    private int _observed;

    /// <summary>Canonical label text without braces, e.g. <c>method="GET",route="/"</c>.</summary>
    public string Labels { get; } = labels;

    public double Value => Volatile.Read(ref _value);

    public void Add(double delta)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);

            // Compare bits, not values: with NaN, == never holds and the loop would spin forever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value) => Interlocked.Exchange(ref _value, value);

    public void RecordHistogram(double value, int bucketIndex)
    {
        Interlocked.Increment(ref _buckets![bucketIndex]);
        Add(value);
    }

    /// <summary>Copies bucket counts; the total (= +Inf bucket = _count) is derived from them so the two never disagree.</summary>
    public void CopyBuckets(Span<long> destination)
    {
        for (var i = 0; i < _buckets!.Length; i++)
        {
            destination[i] = Volatile.Read(ref _buckets[i]);
        }
    }

    public void MarkObserved() => Volatile.Write(ref _observed, 1);

    /// <summary>True when an observable callback reported this series since the previous call.</summary>
    public bool TakeObserved() => Interlocked.Exchange(ref _observed, 0) == 1;
}
