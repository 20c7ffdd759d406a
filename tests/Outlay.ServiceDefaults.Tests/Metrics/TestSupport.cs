using System.Globalization;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Outlay.ServiceDefaults.Metrics;

namespace Outlay.ServiceDefaults.Metrics.Tests;

internal static class TestSupport
{
    public static string UniqueMeterName() => $"UnitTest.{Guid.NewGuid():N}";

    public static MetricsCollector NewCollector(string meterName, int maxSeries = 2000)
    {
        var collector = new MetricsCollector(
            Options.Create(new PrometheusMetricsOptions { Meters = [meterName], MaxSeriesPerInstrument = maxSeries }),
            NullLogger<MetricsCollector>.Instance);
        collector.Start();
        return collector;
    }

    /// <summary>Value of the sample whose name+labels part is exactly <paramref name="series"/>, or null.</summary>
    public static double? Sample(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                var value = line[(series.Length + 1)..];
                return value switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, _ => double.Parse(value, CultureInfo.InvariantCulture) };
            }
        }

        return null;
    }

    public static void AssertPromtoolAccepts(string text) => Outlay.Testing.Promtool.AssertAccepts(text);
}
