using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>Per-instrument naming, bucket layout and series table; passed as the MeterListener state object.</summary>
internal sealed class InstrumentState
{
    private const string OverflowLabels = "otel_metric_overflow=\"true\"";

    private readonly ConcurrentDictionary<TagSet, MetricSeries> _byTags = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<TagSpan> _lookup;
    private readonly Dictionary<string, MetricSeries> _byLabels = new(StringComparer.Ordinal);
    private readonly List<MetricSeries> _series = [];
    private readonly Lock _createLock = new();
    private readonly int _maxSeries;
    private readonly Action<InstrumentState>? _onFirstOverflow;
    private MetricSeries? _overflow;

    public InstrumentState(Instrument instrument, InstrumentKind kind, PrometheusMetricsOptions options, Action<InstrumentState>? onFirstOverflow = null)
    {
        Instrument = instrument;
        Kind = kind;
        Name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, kind);
        Help = PrometheusFormat.EscapeHelp(string.IsNullOrWhiteSpace(instrument.Description)
            ? $"{instrument.Name} from meter {instrument.Meter.Name}"
            : instrument.Description);
        Boundaries = kind == InstrumentKind.Histogram ? HistogramBoundaries.Resolve(instrument, options) : [];
        LeLabels = [.. Boundaries.Select(b => $"le=\"{PrometheusFormat.FormatDouble(b)}\""), "le=\"+Inf\""];
        SampleNames = kind == InstrumentKind.Histogram ? [Name, Name + "_bucket", Name + "_sum", Name + "_count"] : [Name];
        _maxSeries = Math.Max(1, options.MaxSeriesPerInstrument);
        _onFirstOverflow = onFirstOverflow;
        _lookup = _byTags.GetAlternateLookup<TagSpan>();
    }

    public Instrument Instrument { get; }

    public InstrumentKind Kind { get; }

    /// <summary>Prometheus family name, already carrying unit and _total suffixes.</summary>
    public string Name { get; }

    public string Help { get; }

    public double[] Boundaries { get; }

    /// <summary>Pre-rendered <c>le="..."</c> labels, one per bucket including +Inf.</summary>
    public IReadOnlyList<string> LeLabels { get; }

    /// <summary>Every sample name this family emits; used to keep families from colliding with each other.</summary>
    public IReadOnlyList<string> SampleNames { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_lookup.TryGetValue(new TagSpan(tags), out var series))
        {
            series = GetOrCreate(tags);
        }

        switch (Kind)
        {
            case InstrumentKind.Counter or InstrumentKind.UpDownCounter:
                series.Add(value);
                break;
            case InstrumentKind.Histogram:
                // NaN has no bucket and would poison _sum forever.
                if (!double.IsNaN(value))
                {
                    series.RecordHistogram(value, HistogramBoundaries.BucketIndex(Boundaries, value));
                }

                break;
            default:
                // Gauges keep the last value; observable counters report their running total, not a delta.
                series.Set(value);
                if (Instrument.IsObservable)
                {
                    series.MarkObserved();
                }

                break;
        }
    }

    /// <summary>Series to render. Observable series not reported by the latest callback are skipped, not shown stale.</summary>
    public MetricSeries[] Snapshot()
    {
        MetricSeries[] all;
        lock (_createLock)
        {
            all = _overflow is null ? [.. _series] : [.. _series, _overflow];
        }

        return Instrument.IsObservable ? Array.FindAll(all, static s => s.TakeObserved()) : all;
    }

    // Slow path, once per new tag combination: serialised so the series cap is exact.
    private MetricSeries GetOrCreate(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_createLock)
        {
            if (_lookup.TryGetValue(new TagSpan(tags), out var existing))
            {
                return existing;
            }

            var labels = PrometheusFormat.FormatLabels(tags);
            if (!_byLabels.TryGetValue(labels, out var series))
            {
                if (_byLabels.Count >= _maxSeries)
                {
                    return GetOverflow();
                }

                series = new MetricSeries(labels, Boundaries.Length);
                _byLabels.Add(labels, series);
                _series.Add(series);
            }

            // Distinct tag objects can render to the same labels (int 200 vs long 200); cache them too, but bounded.
            if (_byTags.Count < _maxSeries * 2)
            {
                _byTags.TryAdd(TagSet.Create(tags), series);
            }

            return series;
        }
    }

    private MetricSeries GetOverflow()
    {
        if (_overflow is null)
        {
            _overflow = new MetricSeries(OverflowLabels, Boundaries.Length);
            _onFirstOverflow?.Invoke(this);
        }

        return _overflow;
    }
}
