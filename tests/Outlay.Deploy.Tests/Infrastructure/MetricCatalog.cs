namespace Outlay.Deploy.Tests.Infrastructure;

/// <summary>
/// The metric names rules and dashboards may query: what the Outlay services export on /metrics (ASP.NET Core's
/// meter and the services' own meters, named by ServiceDefaults' exporter: dots become underscores, the unit is a
/// suffix, counters end in <c>_total</c>, histograms are <c>_bucket</c>, <c>_sum</c> and <c>_count</c>), Prometheus'
/// own <c>up</c>, and what Node Exporter exports. A name outside this list is a query that shows nothing.
/// <see cref="Monitoring.LivePrometheusTests"/> checks every service name here against a live scrape of an AppHost
/// run, after activity that makes each one appear: a name added here needs that activity too.
/// </summary>
internal static class MetricCatalog
{
    public static IReadOnlySet<string> Services { get; } = new HashSet<string>(
    [
        "up",
        // ASP.NET Core's http.server.request.duration (labels http_route, http_request_method, http_response_status_code).
        .. Histogram("http_server_request_duration_seconds"),

        // Outbox and inbox (src/Outlay.Messaging/Observability/MessagingMetrics.cs).
        "outlay_outbox_pending",
        "outlay_outbox_oldest_age_seconds",
        "outlay_outbox_sent_total",
        "outlay_consumer_messages_total", // {event_type, outcome}
        .. Histogram("outlay_consumer_handler_duration_seconds"), // {event_type}

        // Gateway (src/Outlay.Gateway/Observability/GatewayMetrics.cs).
        "outlay_gateway_requests_total", // {route, cluster, code_class}
        .. Histogram("outlay_gateway_request_duration_seconds"), // {route, cluster, code_class}
        .. Histogram("outlay_gateway_upstream_duration_seconds"), // {cluster, destination, outcome}
        "outlay_gateway_retries_total", // {cluster}
        "outlay_gateway_ejections_total", // {cluster}
        "outlay_gateway_rejections_total", // {reason}
        "outlay_gateway_destination_healthy", // {cluster, destination}
        "outlay_gateway_destination_weight", // {cluster, destination, version}
        "outlay_gateway_version_weight", // {cluster, version}: only for clusters with a split between versions
        "outlay_gateway_registry_instances",

        // Expenses (src/Outlay.Expenses/Metrics/ExpensesMetrics.cs).
        "outlay_expenses_entries",
        "outlay_expenses_entry_changes_total", // {operation}
        "outlay_expenses_import_rows_total", // {outcome}
        "outlay_claims_pending",
        .. Histogram("outlay_claims_decision_duration_seconds"), // {decision}

        // Catalog (src/Outlay.Catalog/Metrics/CatalogMetrics.cs).
        "outlay_catalog_products",
        "outlay_catalog_reservations_outstanding",
        "outlay_catalog_units_reserved",
        "outlay_catalog_reservations_total", // {outcome}
        "outlay_catalog_reservation_failures_total", // {reason}

        // Ordering (src/Outlay.Ordering/Metrics/OrderingMetrics.cs).
        "outlay_ordering_orders", // {status}
        "outlay_ordering_reservations_outstanding",
        "outlay_ordering_orders_placed_total",
        "outlay_ordering_orders_refused_total",
        "outlay_ordering_orders_accepted_total",
        "outlay_ordering_orders_rejected_total",
        "outlay_ordering_orders_cancelled_total",
        .. Histogram("outlay_ordering_saga_decision_duration_seconds"), // {outcome}
    ], StringComparer.Ordinal);

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

    private static string[] Histogram(string name) => [name + "_bucket", name + "_sum", name + "_count"];
}
