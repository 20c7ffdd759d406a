using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Outlay.ServiceDefaults.Metrics;

namespace Outlay.Bench;

/// <summary>
/// The cost of one <c>/metrics</c> scrape with 1,000 series, next to the cost of writing the same number
/// of bytes of pre-formatted lines (the floor any text exporter pays).
/// </summary>
internal static class MetricsBenchmarks
{
    public static void Run(TimeSpan duration)
    {
        using var meter = new Meter("Outlay.Bench");
        var counter = meter.CreateCounter<long>("bench.requests", "{request}", "Requests by route and status.");
        using var collector = new MetricsCollector(
            Options.Create(new PrometheusMetricsOptions { Meters = ["Outlay.Bench"] }),
            NullLogger<MetricsCollector>.Instance);
        collector.Start();
        for (var i = 0; i < 1000; i++)
        {
            counter.Add(i, new KeyValuePair<string, object?>("route", $"/api/things/{i / 10}"), new KeyValuePair<string, object?>("status", 200 + (i % 10)));
        }

        var text = collector.Scrape();
        var lines = text.Split('\n');
        var scrape = Measure.Rate("Scrape with 1,000 counter series", () => collector.Scrape(), duration);
        var floor = Measure.Rate("StringBuilder of the same 1,000 lines (reference)", () =>
        {
            var builder = new StringBuilder(text.Length);
            foreach (var line in lines)
            {
                builder.Append(line).Append('\n');
            }

            _ = builder.ToString();
        }, duration);
        Console.WriteLine($"  output: {lines.Length} lines, {text.Length / 1024.0:N1} KiB");
        Console.WriteLine(scrape);
        Console.WriteLine(floor);
        Console.WriteLine(scrape.RatioTo(floor));

        var tags = new[] { new KeyValuePair<string, object?>("route", "/api/things/1"), new KeyValuePair<string, object?>("status", 200), new KeyValuePair<string, object?>("method", "GET") };
        var baseline = meter.CreateCounter<long>("bench.unobserved");
        var add = Measure.Rate("Counter.Add with 3 tags, observed", () => counter.Add(1, tags[0], tags[1], tags[2]), duration);
        var unobserved = Measure.Rate("Counter.Add with 3 tags, no listener (reference)", () => baseline.Add(1, tags[0], tags[1], tags[2]), duration);
        Console.WriteLine(add);
        Console.WriteLine(unobserved);
        Console.WriteLine(add.RatioTo(unobserved));
    }
}
