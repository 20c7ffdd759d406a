namespace Outlay.Deploy.Tests.Infrastructure;

/// <summary>
/// The metric names rules and dashboards may query: what the Outlay services export on /metrics (the
/// ASP.NET Core meter through ServiceDefaults, and the services' own meters as agreed between the service
/// issues and this one), Prometheus' own <c>up</c>, and what Node Exporter exports. A name outside this list
/// is a query that shows nothing.
/// </summary>
internal static class MetricCatalog
{
    public static IReadOnlySet<string> Services { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "up",
        // ASP.NET Core's http.server.request.duration (labels http_route, http_request_method, http_response_status_code).
        "http_server_request_duration_seconds_bucket",
        "http_server_request_duration_seconds_count",
        "http_server_request_duration_seconds_sum",
        // Outbox and inbox (Outlay.Messaging).
        "outlay_outbox_pending",
        "outlay_outbox_oldest_age_seconds",
        "outlay_consumer_messages_total",
        // Gateway.
        "outlay_gateway_destination_healthy",
        "outlay_gateway_ejections_total",
        "outlay_gateway_requests_total",
        // Business (Expenses).
        "outlay_claims_pending",
    };

    public static IReadOnlySet<string> NodeExporter { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "node_cpu_seconds_total",
        "node_load1",
        "node_memory_MemAvailable_bytes",
        "node_memory_MemTotal_bytes",
        "node_filesystem_avail_bytes",
        "node_filesystem_size_bytes",
        "node_network_receive_bytes_total",
        "node_network_transmit_bytes_total",
        "node_disk_read_bytes_total",
        "node_disk_written_bytes_total",
        "node_uname_info",
    };

    /// <summary>Series the recording rules in deploy/prometheus/rules define.</summary>
    public static IReadOnlySet<string> RecordingRules()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Repository.PathOf("deploy", "prometheus", "rules"), "*.yml"))
        {
            foreach (var group in Yaml.Parse(File.ReadAllText(file))["groups"]!.AsArray())
            {
                foreach (var rule in group!["rules"]!.AsArray())
                {
                    if (rule!["record"] is { } record)
                    {
                        names.Add(record.GetValue<string>());
                    }
                }
            }
        }

        return names;
    }
}
