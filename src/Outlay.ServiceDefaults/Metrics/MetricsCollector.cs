using System.Diagnostics.Metrics;
using System.Numerics;
using System.Text;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>Owns the MeterListener, keeps one <see cref="InstrumentState"/> per selected instrument and renders scrapes.</summary>
internal sealed partial class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly PrometheusMetricsOptions _options;
    private readonly string[] _meterPrefixes;
    private readonly IMeterFactory? _meterFactory;
    private readonly ILogger _logger;
    private readonly Lock _registryLock = new();
    private readonly Lock _scrapeLock = new();
    private readonly List<InstrumentState> _instruments = [];
    private InstrumentState[]? _families;
    private int _started;
    private int _lastScrapeLength;

    public MetricsCollector(IOptions<PrometheusMetricsOptions> options, ILogger<MetricsCollector> logger, IMeterFactory? meterFactory = null)
    {
        _options = options.Value;
        _logger = logger;
        _meterFactory = meterFactory;
        _meterPrefixes = [.. (_options.Meters is { Count: > 0 } meters ? meters : (IEnumerable<string>)PrometheusMetricsOptions.DefaultMeters)
            .Select(static p => p.Trim().TrimEnd('*').TrimEnd('.'))];

        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = OnMeasurementsCompleted;
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
    }

    /// <summary>Idempotent; instruments created before this call are replayed by MeterListener.Start.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _listener.Start();
        }
    }

    public string Scrape()
    {
        Start();

        // Serialised: observable callbacks and the "observed since last scrape" flags are per-scrape state.
        lock (_scrapeLock)
        {
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One faulty callback must not take the whole endpoint down; the other callbacks have still run.
                LogObservableCallbackFailed(ex);
            }

            // Sized from the previous scrape so large outputs are built in one chunk instead of many growth steps.
            var builder = new StringBuilder(Math.Max(16 * 1024, _lastScrapeLength + (_lastScrapeLength / 8)));
            foreach (var family in GetFamilies())
            {
                PrometheusTextWriter.WriteFamily(builder, family, family.Snapshot());
            }

            _lastScrapeLength = builder.Length;
            return builder.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    internal bool IsSelected(Meter meter)
    {
        // Meters from another DI container's IMeterFactory belong to another host (e.g. a parallel test server).
        if (meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory))
        {
            return false;
        }

        foreach (var prefix in _meterPrefixes)
        {
            if (prefix.Length == 0
                || meter.Name.Equals(prefix, StringComparison.OrdinalIgnoreCase)
                || (meter.Name.Length > prefix.Length && meter.Name[prefix.Length] == '.'
                    && meter.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumberBase<T> =>
        ((InstrumentState)state!).Record(double.CreateSaturating(value), tags);

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!IsSelected(instrument.Meter) || InstrumentKinds.Classify(instrument) is not { } kind)
        {
            return;
        }

        var state = new InstrumentState(instrument, kind, _options, s => LogSeriesOverflow(s.Name, _options.MaxSeriesPerInstrument));
        lock (_registryLock)
        {
            _instruments.Add(state);
            _families = null;
        }

        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is InstrumentState instrumentState)
        {
            lock (_registryLock)
            {
                _instruments.Remove(instrumentState);
                _families = null;
            }
        }
    }

    /// <summary>
    /// Families ordered by name, with instruments whose sample names clash with an earlier one dropped: a repeated
    /// family is rejected by Prometheus. Sorting by meter and instrument name makes the survivor deterministic.
    /// </summary>
    private InstrumentState[] GetFamilies()
    {
        lock (_registryLock)
        {
            if (_families is not null)
            {
                return _families;
            }

            var taken = new HashSet<string>(StringComparer.Ordinal);
            var families = new List<InstrumentState>(_instruments.Count);
            foreach (var state in _instruments
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .ThenBy(s => s.Instrument.Meter.Name, StringComparer.Ordinal)
                .ThenBy(s => s.Instrument.Name, StringComparer.Ordinal))
            {
                if (state.SampleNames.Any(taken.Contains))
                {
                    LogNameConflict(state.Instrument.Name, state.Instrument.Meter.Name, state.Name);
                    continue;
                }

                taken.UnionWith(state.SampleNames);
                families.Add(state);
            }

            return _families = [.. families];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An observable instrument callback failed during a metrics scrape")]
    private partial void LogObservableCallbackFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instrument {Instrument} of meter {Meter} is not exported: Prometheus name {Name} is already used")]
    private partial void LogNameConflict(string instrument, string meter, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metric {Name} exceeded {Max} series; further label sets are aggregated under otel_metric_overflow=\"true\"")]
    private partial void LogSeriesOverflow(string name, int max);
}
