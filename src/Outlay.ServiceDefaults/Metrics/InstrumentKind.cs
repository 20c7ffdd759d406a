using System.Diagnostics.Metrics;

namespace Outlay.ServiceDefaults.Metrics;

internal enum InstrumentKind
{
    Counter,
    UpDownCounter,
    Histogram,
    Gauge,
    ObservableCounter,
    ObservableUpDownCounter,
    ObservableGauge,
}

internal static class InstrumentKinds
{
    private static readonly Dictionary<Type, InstrumentKind> KindsByDefinition = new()
    {
        [typeof(Counter<>)] = InstrumentKind.Counter,
        [typeof(UpDownCounter<>)] = InstrumentKind.UpDownCounter,
        [typeof(Histogram<>)] = InstrumentKind.Histogram,
        [typeof(Gauge<>)] = InstrumentKind.Gauge,
        [typeof(ObservableCounter<>)] = InstrumentKind.ObservableCounter,
        [typeof(ObservableUpDownCounter<>)] = InstrumentKind.ObservableUpDownCounter,
        [typeof(ObservableGauge<>)] = InstrumentKind.ObservableGauge,
    };

    /// <summary>Null for instrument types this exporter does not know, which are then simply not listened to.</summary>
    public static InstrumentKind? Classify(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && KindsByDefinition.TryGetValue(type.GetGenericTypeDefinition(), out var kind) ? kind : null;
    }

    public static bool IsMonotonic(this InstrumentKind kind) =>
        kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter;

    public static bool IsGauge(this InstrumentKind kind) =>
        kind is InstrumentKind.Gauge or InstrumentKind.ObservableGauge;

    public static string PrometheusType(this InstrumentKind kind) => kind switch
    {
        InstrumentKind.Counter or InstrumentKind.ObservableCounter => "counter",
        InstrumentKind.Histogram => "histogram",
        _ => "gauge",
    };
}
