using System.Globalization;
using System.Text;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>Value and label formatting rules of the Prometheus text exposition format 0.0.4.</summary>
internal static class PrometheusFormat
{
    // "R" is the shortest string that parses back to the same double; invariant culture keeps '.' as separator.
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static StringBuilder AppendDouble(this StringBuilder builder, double value) =>
        double.IsFinite(value)
            ? builder.Append(CultureInfo.InvariantCulture, $"{value:R}")
            : builder.Append(FormatDouble(value));

    public static string EscapeLabelValue(string value) => Escape(value, escapeQuote: true);

    // HELP text is not quoted, so the format only requires escaping backslash and line feed there.
    public static string EscapeHelp(string value) => Escape(value, escapeQuote: false);

    public static string TagValueToString(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// Renders a tag list as canonical label text (<c>a="1",b="2"</c>, sorted by label name) used both for output and
    /// as the series identity, so tags that differ only in order, boxing type or name spelling share one series.
    /// </summary>
    public static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var labels = new (string Name, string Key, string Value)[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = (PrometheusNaming.LabelName(tags[i].Key), tags[i].Key, TagValueToString(tags[i].Value));
        }

        Array.Sort(labels, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Key, b.Key);
        });

        var builder = new StringBuilder();
        for (var i = 0; i < labels.Length; i++)
        {
            var escaped = EscapeLabelValue(labels[i].Value);
            if (i > 0 && labels[i].Name == labels[i - 1].Name)
            {
                // Keys that sanitize to the same label name (a.b vs a_b) are joined with ';' as the OTel spec prescribes,
                // because a repeated label name would make the whole scrape invalid.
                builder.Length--;
                builder.Append(';').Append(escaped).Append('"');
                continue;
            }

            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(labels[i].Name).Append("=\"").Append(escaped).Append('"');
        }

        return builder.ToString();
    }

    private static string Escape(string value, bool escapeQuote)
    {
        if (value.AsSpan().IndexOfAny('\\', '\n', escapeQuote ? '"' : '\\') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '"' when escapeQuote => builder.Append("\\\""),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
