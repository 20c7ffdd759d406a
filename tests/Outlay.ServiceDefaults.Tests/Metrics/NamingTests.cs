using Outlay.ServiceDefaults.Metrics;

namespace Outlay.ServiceDefaults.Metrics.Tests;

public class NamingTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", nameof(InstrumentKind.Histogram), "http_server_request_duration_seconds")]
    [InlineData("dotnet.gc.collections", "{collection}", nameof(InstrumentKind.Counter), "dotnet_gc_collections_total")]
    [InlineData("dotnet.jit.compilation.time", "s", nameof(InstrumentKind.ObservableCounter), "dotnet_jit_compilation_time_seconds_total")]
    [InlineData("process.memory", "By", nameof(InstrumentKind.UpDownCounter), "process_memory_bytes")]
    [InlineData("heap", "MiBy", nameof(InstrumentKind.ObservableGauge), "heap_mebibytes")]
    [InlineData("cache", "KiBy", nameof(InstrumentKind.Gauge), "cache_kibibytes")]
    [InlineData("cpu.utilization", "1", nameof(InstrumentKind.Gauge), "cpu_utilization_ratio")]
    [InlineData("items.moved", "1", nameof(InstrumentKind.Counter), "items_moved_total")]
    [InlineData("queue.items", "1", nameof(InstrumentKind.UpDownCounter), "queue_items")]
    [InlineData("disk.busy", "%", nameof(InstrumentKind.Gauge), "disk_busy_percent")]
    [InlineData("net.throughput", "{packet}/s", nameof(InstrumentKind.Gauge), "net_throughput_per_second")]
    [InlineData("net.transfer", "By/s", nameof(InstrumentKind.Gauge), "net_transfer_bytes_per_second")]
    [InlineData("request.latency", "ms", nameof(InstrumentKind.Histogram), "request_latency_milliseconds")]
    [InlineData("request_duration_seconds", "s", nameof(InstrumentKind.Histogram), "request_duration_seconds")]
    [InlineData("jobs_total", "", nameof(InstrumentKind.Counter), "jobs_total")]
    [InlineData("busy_total", "s", nameof(InstrumentKind.Counter), "busy_seconds_total")]
    [InlineData("1st-metric..name", null, nameof(InstrumentKind.Gauge), "_1st_metric_name")]
    [InlineData("ns:metric", null, nameof(InstrumentKind.Gauge), "ns:metric")]
    [InlineData("dotnet.assembly.count", "{assembly}", nameof(InstrumentKind.ObservableUpDownCounter), "dotnet_assembly_count_current")]
    [InlineData("memory.total", "", nameof(InstrumentKind.Gauge), "memory_total_current")]
    [InlineData("request.count", "", nameof(InstrumentKind.Histogram), "request_count")]
    [InlineData("payload", "EUR", nameof(InstrumentKind.Histogram), "payload_EUR")]
    public void MetricName_FollowsOtelPrometheusRules(string name, string? unit, string kind, string expected) =>
        Assert.Equal(expected, PrometheusNaming.MetricName(name, unit, Enum.Parse<InstrumentKind>(kind)));

    [Theory]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("2xx", "_2xx")]
    [InlineData("a:b", "a_b")]
    [InlineData("already_ok", "already_ok")]
    [InlineData("", "_")]
    public void LabelName_IsSanitized(string key, string expected) =>
        Assert.Equal(expected, PrometheusNaming.LabelName(key));
}
