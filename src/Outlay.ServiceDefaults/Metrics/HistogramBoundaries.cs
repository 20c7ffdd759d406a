using System.Diagnostics.Metrics;
using System.Numerics;

namespace Outlay.ServiceDefaults.Metrics;

internal static class HistogramBoundaries
{
    /// <summary>Advice from the instrument wins (ASP.NET Core advises its own seconds buckets), then configuration.</summary>
    public static double[] Resolve(Instrument instrument, PrometheusMetricsOptions options)
    {
        var advised = instrument switch
        {
            Instrument<double> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<float> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<long> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<int> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<short> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<byte> i => Convert(i.Advice?.HistogramBucketBoundaries),
            Instrument<decimal> i => Convert(i.Advice?.HistogramBucketBoundaries),
            _ => null,
        };

        if (advised is not null)
        {
            return Normalize(advised);
        }

        return instrument.Unit == "s"
            ? Normalize((IEnumerable<double>?)options.SecondsHistogramBoundaries ?? PrometheusMetricsOptions.DefaultSecondsHistogramBoundaries)
            : Normalize((IEnumerable<double>?)options.HistogramBoundaries ?? PrometheusMetricsOptions.DefaultHistogramBoundaries);
    }

    /// <summary>Index of the first bucket whose upper bound is ≥ value (Prometheus "le" is inclusive); Length means +Inf.</summary>
    public static int BucketIndex(double[] boundaries, double value)
    {
        var index = Array.BinarySearch(boundaries, value);
        return index >= 0 ? index : ~index;
    }

    // Binary search and the cumulative "le" output both rely on strictly increasing finite bounds.
    private static double[] Normalize(IEnumerable<double> boundaries) =>
        boundaries.Where(double.IsFinite).Distinct().Order().ToArray();

    private static double[]? Convert<T>(IReadOnlyList<T>? boundaries)
        where T : struct, INumberBase<T> =>
        boundaries?.Select(static b => double.CreateSaturating(b)).ToArray();
}
