using System.Globalization;
using System.Text;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>Writes one metric family (HELP, TYPE, then all its samples contiguously) in text format 0.0.4.</summary>
internal static class PrometheusTextWriter
{
    public static void WriteFamily(StringBuilder builder, InstrumentState family, IReadOnlyList<MetricSeries> series)
    {
        // A family with no samples is legal but only adds noise, and observable instruments often have none.
        if (series.Count == 0)
        {
            return;
        }

        builder.Append("# HELP ").Append(family.Name).Append(' ').Append(family.Help).Append('\n');
        builder.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind.PrometheusType()).Append('\n');

        Span<long> buckets = family.Boundaries.Length < 64 ? stackalloc long[family.Boundaries.Length + 1] : new long[family.Boundaries.Length + 1];
        foreach (var s in series)
        {
            if (family.Kind == InstrumentKind.Histogram)
            {
                WriteHistogram(builder, family, s, buckets);
            }
            else
            {
                AppendSeries(builder, family.Name, "", s.Labels, null).AppendDouble(s.Value).Append('\n');
            }
        }
    }

    private static void WriteHistogram(StringBuilder builder, InstrumentState family, MetricSeries series, Span<long> buckets)
    {
        series.CopyBuckets(buckets);
        long cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += buckets[i];
            AppendSeries(builder, family.Name, "_bucket", series.Labels, family.LeLabels[i]).AppendCount(cumulative);
        }

        AppendSeries(builder, family.Name, "_sum", series.Labels, null).AppendDouble(series.Value).Append('\n');
        AppendSeries(builder, family.Name, "_count", series.Labels, null).AppendCount(cumulative);
    }

    // Counts are integers; formatting them as long avoids the comparatively slow shortest-round-trip double path.
    private static void AppendCount(this StringBuilder builder, long count) =>
        builder.Append(CultureInfo.InvariantCulture, $"{count}").Append('\n');

    private static StringBuilder AppendSeries(StringBuilder builder, string name, string suffix, string labels, string? extraLabel)
    {
        builder.Append(name).Append(suffix);
        if (labels.Length > 0 || extraLabel is not null)
        {
            builder.Append('{').Append(labels);
            if (extraLabel is not null)
            {
                builder.Append(labels.Length > 0 ? "," : "").Append(extraLabel);
            }

            builder.Append('}');
        }

        return builder.Append(' ');
    }
}
