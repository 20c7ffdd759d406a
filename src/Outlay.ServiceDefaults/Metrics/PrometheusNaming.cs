using System.Text;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>OpenTelemetry → Prometheus name mapping (OTel spec "Prometheus and OpenMetrics Compatibility").</summary>
internal static class PrometheusNaming
{
    private const string TotalSuffix = "_total";

    // Suffixes Prometheus reserves for counters and histogram/summary series; promtool rejects them on gauges.
    private static readonly string[] ReservedSuffixes = ["_count", "_sum", "_bucket", TotalSuffix];

    public static string MetricName(string instrumentName, string? unit, InstrumentKind kind)
    {
        var name = Sanitize(instrumentName, allowColon: true);

        // Strip a user-supplied _total first so the unit lands before it (foo_total + s → foo_seconds_total).
        if (kind.IsMonotonic() && name.EndsWith(TotalSuffix, StringComparison.Ordinal) && name.Length > TotalSuffix.Length)
        {
            name = name[..^TotalSuffix.Length];
        }

        var suffix = UnitSuffix(unit, kind.IsGauge());
        if (suffix.Length > 0 && name != suffix && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (kind.IsMonotonic())
        {
            return name + TotalSuffix;
        }

        // Deviation from the OTel mapping: gauges such as dotnet.assembly.count would be ambiguous with histogram
        // series in PromQL and fail promtool's lint, so they get a neutral extra word (dotnet_assembly_count_current).
        var reserved = kind != InstrumentKind.Histogram && Array.Exists(ReservedSuffixes, s => name.EndsWith(s, StringComparison.Ordinal));
        return reserved ? name + "_current" : name;
    }

    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    public static string UnitSuffix(string? unit, bool isGauge)
    {
        var stripped = StripAnnotations(unit);
        if (stripped.Length == 0)
        {
            return "";
        }

        // "1" is the UCUM dimensionless unit; only gauges are conventionally ratios, counters of "1" are plain counts.
        if (stripped == "1")
        {
            return isGauge ? "ratio" : "";
        }

        var slash = stripped.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Clean(MapUnit(stripped));
        }

        var numerator = Clean(MapUnit(stripped[..slash]));
        var denominator = Clean(MapPerUnit(stripped[(slash + 1)..]));
        if (denominator.Length == 0)
        {
            return numerator;
        }

        return numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
    }

    /// <summary>Replaces everything outside [a-zA-Z0-9_] (plus ':' for metric names) with '_', collapsing runs.</summary>
    public static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var mapped = valid ? c : '_';
            if (mapped == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(mapped);
        }

        return builder.ToString();
    }

    // "{request}" and "{packets}/s" carry annotations only meant for humans; they never become part of the name.
    private static string StripAnnotations(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }

        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }

    private static string Clean(string unit) => unit.Length == 0 ? "" : Sanitize(unit, allowColon: false).Trim('_');

    private static string MapUnit(string unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "TiBy" => "tibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "TBy" => "terabytes",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "%" => "percent",
        _ => unit,
    };

    private static string MapPerUnit(string unit) => unit switch
    {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        _ => unit,
    };
}
