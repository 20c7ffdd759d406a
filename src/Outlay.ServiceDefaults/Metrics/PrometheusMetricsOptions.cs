namespace Outlay.ServiceDefaults.Metrics;

/// <summary>Bound from the <c>Outlay:Metrics</c> configuration section.</summary>
internal sealed class PrometheusMetricsOptions
{
    public const string SectionName = "Outlay:Metrics";

    // Each entry selects a meter by exact name or as a dotted prefix ("Outlay" also selects "Outlay.Expenses").
    // A trailing ".*" is tolerated so entries can be written the way people usually spell wildcards.
    public static readonly IReadOnlyList<string> DefaultMeters =
        ["Microsoft.AspNetCore", "System.Runtime", "System.Net.Http", "Microsoft.EntityFrameworkCore", "Outlay"];

    // OpenTelemetry's default explicit bucket boundaries, so dashboards built for OTel exporters keep working.
    public static readonly IReadOnlyList<double> DefaultHistogramBoundaries =
        [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    // The millisecond-oriented defaults would put every sub-5s duration into one bucket, so seconds get their own.
    public static readonly IReadOnlyList<double> DefaultSecondsHistogramBoundaries =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    // Left null rather than pre-filled: the configuration binder appends to existing collections instead of replacing them.
    public IList<string>? Meters { get; set; }

    /// <summary>Caps memory per instrument when a label carries unbounded values (ids, raw paths, ...).</summary>
    public int MaxSeriesPerInstrument { get; set; } = 2000;

    public IList<double>? HistogramBoundaries { get; set; }

    public IList<double>? SecondsHistogramBoundaries { get; set; }
}
