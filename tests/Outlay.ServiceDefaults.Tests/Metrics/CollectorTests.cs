using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;

using static Outlay.ServiceDefaults.Metrics.Tests.TestSupport;

namespace Outlay.ServiceDefaults.Metrics.Tests;

public partial class CollectorTests
{
    [Fact]
    public void Histogram_BucketsAreCumulativeWithInclusiveUpperBounds()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        var histogram = meter.CreateHistogram<double>("job.size", "By", "Job size",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5] });
        foreach (var value in new[] { 0.5, 1, 1.5, 3, 10 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("queue", "q1"));
        }

        var text = collector.Scrape();

        Assert.Contains("# TYPE job_size_bytes histogram\n", text, StringComparison.Ordinal);
        Assert.Equal(2, Sample(text, "job_size_bytes_bucket{queue=\"q1\",le=\"1\"}"));
        Assert.Equal(3, Sample(text, "job_size_bytes_bucket{queue=\"q1\",le=\"2\"}"));
        Assert.Equal(4, Sample(text, "job_size_bytes_bucket{queue=\"q1\",le=\"5\"}"));
        Assert.Equal(5, Sample(text, "job_size_bytes_bucket{queue=\"q1\",le=\"+Inf\"}"));
        Assert.Equal(16, Sample(text, "job_size_bytes_sum{queue=\"q1\"}"));
        Assert.Equal(5, Sample(text, "job_size_bytes_count{queue=\"q1\"}"));
    }

    [Fact]
    public void Histogram_WithoutAdvice_UsesSecondsDefaultsForSecondsUnit()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        meter.CreateHistogram<int>("wait", "s").Record(3);
        meter.CreateHistogram<int>("payload").Record(3);

        var text = collector.Scrape();

        Assert.Equal(1, Sample(text, "wait_seconds_bucket{le=\"5\"}"));
        Assert.Equal(0, Sample(text, "wait_seconds_bucket{le=\"2.5\"}"));
        Assert.Equal(1, Sample(text, "payload_bucket{le=\"5\"}"));
        Assert.Equal(0, Sample(text, "payload_bucket{le=\"0\"}"));
    }

    [Fact]
    public void Counter_TagOrderDoesNotSplitSeries()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        var counter = meter.CreateCounter<long>("orders", "{order}");
        counter.Add(1, new("a", 1), new("b", "x"));
        counter.Add(2, new("b", "x"), new("a", 1));
        counter.Add(4, new("a", 1L), new("b", "x")); // different boxed type, same rendered labels

        var text = collector.Scrape();

        Assert.Equal(7, Sample(text, "orders_total{a=\"1\",b=\"x\"}"));
        Assert.Single(Regex.Matches(text, "^orders_total", RegexOptions.Multiline));
    }

    [Fact]
    public void UpDownCounterAndGauges_ReportSumAndLastValue()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        var upDown = meter.CreateUpDownCounter<int>("active");
        upDown.Add(5);
        upDown.Add(-2);
        var gauge = meter.CreateGauge<decimal>("temperature", "Cel");
        gauge.Record(20.5m);
        gauge.Record(19.25m);
        meter.CreateObservableUpDownCounter("pool.size", () => 42);
        meter.CreateObservableCounter("cpu.time", () => 1.5, "s");

        var text = collector.Scrape();

        Assert.Contains("# TYPE active gauge\n", text, StringComparison.Ordinal);
        Assert.Equal(3, Sample(text, "active"));
        Assert.Equal(19.25, Sample(text, "temperature_celsius"));
        Assert.Equal(42, Sample(text, "pool_size"));
        Assert.Equal(1.5, Sample(text, "cpu_time_seconds_total"));
        Assert.Equal(1.5, Sample(collector.Scrape(), "cpu_time_seconds_total")); // observed totals are not summed across scrapes
    }

    [Fact]
    public void ObservableSeries_NotReportedAnymore_AreDropped()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        var queues = new List<string> { "a", "b" };
        meter.CreateObservableGauge("queue.depth", () => queues.Select(q => new Measurement<int>(1, new KeyValuePair<string, object?>("queue", q))));

        Assert.NotNull(Sample(collector.Scrape(), "queue_depth{queue=\"b\"}"));
        queues.Remove("b");
        var text = collector.Scrape();

        Assert.NotNull(Sample(text, "queue_depth{queue=\"a\"}"));
        Assert.Null(Sample(text, "queue_depth{queue=\"b\"}"));
    }

    [Fact]
    public void SeriesBeyondTheLimit_GoToOverflowSeries()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name, maxSeries: 3);
        var counter = meter.CreateCounter<int>("hits");
        for (var i = 0; i < 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("user", i));
        }

        var text = collector.Scrape();

        Assert.Equal(4, Regex.Count(text, "^hits_total", RegexOptions.Multiline));
        Assert.Equal(7, Sample(text, "hits_total{otel_metric_overflow=\"true\"}"));
    }

    [Fact]
    public void InstrumentsWithSamePrometheusName_EmitOneFamily()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        meter.CreateCounter<int>("dup.metric").Add(1);
        meter.CreateCounter<int>("dup_metric").Add(2);
        meter.CreateHistogram<int>("lat").Record(1);
        meter.CreateGauge<int>("lat_count").Record(1); // would clash with the histogram's _count sample

        var text = collector.Scrape();

        Assert.Single(Regex.Matches(text, "^# TYPE dup_metric_total ", RegexOptions.Multiline));
        Assert.Single(Regex.Matches(text, "^dup_metric_total ", RegexOptions.Multiline));
        Assert.Single(Regex.Matches(text, "^lat_count ", RegexOptions.Multiline));
        AssertPromtoolAccepts(text);
    }

    [Fact]
    public async Task ConcurrentRecordingAndScraping_LosesNothing()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        var counter = meter.CreateCounter<double>("work");
        var histogram = meter.CreateHistogram<long>("size");
        meter.CreateObservableGauge("observed", () => 1);

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                counter.Add(0.5, new KeyValuePair<string, object?>("shard", i % 8));
                histogram.Record(i % 100);
            }
        }));
        var scrapers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.NotEmpty(collector.Scrape());
            }
        }));
        await Task.WhenAll(writers.Concat(scrapers));

        var text = collector.Scrape();
        var total = Enumerable.Range(0, 8).Sum(s => Sample(text, $"work_total{{shard=\"{s}\"}}")!.Value);
        Assert.Equal(100_000, total);
        Assert.Equal(200_000, Sample(text, "size_count"));
        Assert.Equal(200_000, Sample(text, "size_bucket{le=\"+Inf\"}"));
    }

    [Fact]
    public void ThousandSeries_RenderWellFormed()
    {
        using var meter = new Meter(UniqueMeterName());
        using var collector = NewCollector(meter.Name);
        var counter = meter.CreateCounter<long>("requests", "{request}", "Requests \\ by \"user\"\nand path");
        var gauge = meter.CreateGauge<double>("load");
        for (var i = 0; i < 1000; i++)
        {
            counter.Add(i, new("user", $"u{i}\"\\\n"), new("path.template", "/x/{id}"));
            gauge.Record(i / 3.0, new KeyValuePair<string, object?>("node", i));
        }

        var text = collector.Scrape();
        var lines = text.TrimEnd('\n').Split('\n');

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Matches(LineFormat(), line));
        Assert.Equal(1000, lines.Count(l => l.StartsWith("requests_total{", StringComparison.Ordinal)));
        Assert.Equal(1000, lines.Count(l => l.StartsWith("load{", StringComparison.Ordinal)));
        Assert.Equal(999, Sample(text, "requests_total{path_template=\"/x/{id}\",user=\"u999\\\"\\\\\\n\"}"));

        // Each family's samples must directly follow its own TYPE line.
        var family = "";
        foreach (var line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal)) family = line.Split(' ')[2];
            else if (!line.StartsWith('#')) Assert.StartsWith(family, line, StringComparison.Ordinal);
        }

        AssertPromtoolAccepts(text);
    }

    [GeneratedRegex("""^(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram)|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*\})? (NaN|[+-]Inf|-?[0-9.]+(E[+-]?[0-9]+)?))$""")]
    private static partial Regex LineFormat();
}
