using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;

using Outlay.AppHost.Tests;
using Outlay.Deploy.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Deploy.Tests.Monitoring;

/// <summary>
/// Issue 8's live check: the stack started by the AppHost (two instances of each service), a real Prometheus on
/// the project's local scrape configuration reading the targets the AppHost wrote, every target up, a business
/// series with a value; every metric name a rule or dashboard queries, and every name of the metric catalogue,
/// present on the instances' /metrics; every label a query selects or groups by present on the series Prometheus
/// stored; and the gateway dashboard's canary panels reading the split between versions.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LivePrometheusTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(200);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(2);

    /// <summary>Gauges read from each service's database: exported from start-up, before any request used the service.</summary>
    private static readonly (string Service, string Metric)[] BusinessGauges =
    [
        ("expenses", "outlay_expenses_entries"),
        ("expenses", "outlay_claims_pending"),
        ("catalog", "outlay_catalog_products"),
        ("catalog", "outlay_catalog_reservations_outstanding"),
        ("catalog", "outlay_catalog_units_reserved"),
        ("ordering", "outlay_ordering_orders"),
        ("ordering", "outlay_ordering_reservations_outstanding"),
    ];

    /// <summary>The split the test gives the catalog cluster; every catalog instance runs v1, so v1 gets all traffic.</summary>
    private static readonly Dictionary<string, int> CanaryWeights = new() { ["v1"] = 90, ["v2"] = 10 };

    [Fact(Timeout = 900_000)]
    public async Task Prometheus_scrapes_every_instance_the_AppHost_started_and_sees_every_metric_the_rules_and_dashboards_query()
    {
        var binary = PrometheusServer.RequireBinary();
        await using var apphost = AppHostRun.Start();
        var instances = await apphost.WaitUntilReadyAsync(StartTimeout);
        var gateway = Assert.Single(instances, i => i.Service == "gateway");
        using var http = new HttpClient { BaseAddress = gateway.Url };
        var admin = await StackApi.AdminTokenAsync(http, apphost.DataFolder);
        await StackApi.WaitUntilRegisteredAsync(http, admin, instances, StartTimeout);

        foreach (var (service, metric) in BusinessGauges)
        {
            foreach (var instance in instances.Where(i => i.Service == service))
            {
                Assert.True((await Exposition.ScrapeAsync(instance.Url)).ContainsKey(metric), $"{service}-{instance.Number} does not export {metric} before its first request.");
            }
        }

        await CauseAnEjectionAsync(apphost, instances, http);
        // The killed instance is back (same port) before the business below, whose counters it must not lose, and
        // before Prometheus starts, so every target can be up.
        await StackApi.WaitUntilRegisteredAsync(http, admin, instances, StartTimeout);
        await DoBusinessAsync(http, admin);

        var targetsFile = Path.Combine(apphost.DataFolder, "prometheus", "targets.json");
        Assert.True(File.Exists(targetsFile), "The AppHost wrote no Prometheus targets file.");
        await using var prometheus = await PrometheusServer.StartAsync(binary, targetsFile, ScrapeInterval, Deadline);

        var targets = await Eventually.ReadAsync(prometheus.TargetsAsync, t => t.Count == instances.Count && t.All(x => x.Health == "up"), Deadline);
        Assert.True(targets.Count == instances.Count && targets.All(t => t.Health == "up"),
            "Not every instance is an up target:\n" + string.Join('\n', targets.Select(t => $"{t.Job} {t.Instance} {t.Health} {t.Error}")));
        Assert.Equal(
            instances.Select(i => $"{i.Service}/{i.Service}-{i.Number}").Order(StringComparer.Ordinal),
            targets.Select(t => $"{t.Job}/{t.Instance}").Order(StringComparer.Ordinal));

        // Business series: the expenses created above, counted by the expenses instances that took them.
        var entries = await Eventually.ReadAsync(() => prometheus.QueryAsync("sum(outlay_expenses_entry_changes_total{job=\"expenses\", operation=\"created\"})"),
            r => r.Count == 1 && r[0].Value >= 2, Deadline);
        Assert.True(entries.Count == 1 && entries[0].Value >= 2, "The expense and the imported row were not counted.");
        var pending = await Eventually.ReadAsync(() => prometheus.QueryAsync("max(outlay_claims_pending{job=\"expenses\", system=\"outlay\"})"), r => r.Count == 1, Deadline);
        Assert.Single(pending);

        // Every name a rule or dashboard queries, except Prometheus' own `up` (checked above through the
        // targets), the recording rules' outputs, and Node Exporter's (not run by the AppHost).
        var queries = MonitoringQueries.All();
        var queried = queries.SelectMany(q => PromQl.MetricNames(q.Expression))
            .Except(MetricCatalog.RecordingRules())
            .Except(MetricCatalog.NodeExporter)
            .Except(["up"])
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(queried);
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            exposed.UnionWith((await Exposition.ScrapeAsync(instance.Url)).Keys);
        }

        var missing = queried.Except(exposed).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Rules or dashboards query metrics no instance exposes: {string.Join(", ", missing)}");
        var uncatalogued = MetricCatalog.Services.Except(["up"]).Except(exposed).Order(StringComparer.Ordinal).ToList();
        Assert.True(uncatalogued.Count == 0, $"The metric catalogue lists names no instance exposes after the test's activity: {string.Join(", ", uncatalogued)}");

        // And Prometheus stored them too: a queried name of each kind has series.
        foreach (var name in new[] { "http_server_request_duration_seconds_bucket", "outlay_gateway_requests_total", "outlay_outbox_pending" })
        {
            Assert.True(queried.Contains(name), $"{name} is no longer queried; pick another for this check.");
            var series = await Eventually.ReadAsync(() => prometheus.QueryAsync($"count({name})"), r => r.Count == 1 && r[0].Value > 0, Deadline);
            Assert.True(series.Count == 1 && series[0].Value > 0, $"Prometheus has no series of {name}.");
        }

        await AssertQueriedLabelsExistAsync(prometheus, queries, [.. queried, "up"]);
        await AssertCanaryPanelsReadTheSplitAsync(prometheus, http);
    }

    /// <summary>Every label a query selects or groups by is on the series Prometheus stored (target labels included).</summary>
    private static async Task AssertQueriedLabelsExistAsync(PrometheusServer prometheus, IReadOnlyList<(string Source, string Expression)> queries, IEnumerable<string> metrics)
    {
        var labels = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            labels[metric] = await prometheus.LabelNamesAsync(metric);
        }

        var problems = PromQl.UnknownLabels(queries, labels);
        Assert.True(problems.Count == 0, "Queries use labels the series do not carry:\n" + string.Join('\n', problems));
    }

    /// <summary>
    /// The gateway dashboard's canary panels, run as they are: the configured split is the weights the test set, and
    /// the observed split gives v1 everything, as every catalog destination registered as v1.
    /// </summary>
    private static async Task AssertCanaryPanelsReadTheSplitAsync(PrometheusServer prometheus, HttpClient http)
    {
        var configured = await Eventually.ReadAsync(() => prometheus.QueryAsync(GatewayPanelQuery("Canary split: configured weights")),
            r => r.Count == CanaryWeights.Count, Deadline);
        Assert.Equal(CanaryWeights.Keys.Order(StringComparer.Ordinal), configured.Select(s => s.Labels["version"]).Order(StringComparer.Ordinal));
        foreach (var (labels, share) in configured)
        {
            Assert.Equal("catalog", labels["cluster"]);
            Assert.Equal((double)CanaryWeights[labels["version"]] / CanaryWeights.Values.Sum(), share, 9);
        }

        var observedQuery = GatewayPanelQuery("Canary split: observed traffic per version");
        var observed = await Eventually.ReadAsync(async () =>
        {
            // Traffic while Prometheus scrapes, so that the attempts' rate is not 0 / 0.
            using var read = await http.GetAsync("/api/products");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            return await prometheus.QueryAsync(observedQuery);
        }, r => r.Count == 1 && r[0].Value == 1, Deadline);
        Assert.True(observed.Count == 1 && observed[0].Labels["cluster"] == "catalog" && observed[0].Labels["version"] == "v1" && observed[0].Value == 1,
            "The observed canary split is not all v1 on catalog: " + string.Join("; ", observed.Select(s => $"{string.Join(',', s.Labels)} = {s.Value}")));
    }

    private static string GatewayPanelQuery(string title) =>
        Assert.Single(GrafanaDashboardTests.Queries(GrafanaDashboardTests.Load("outlay-gateway")), q => q.Title == title).Expression;

    /// <summary>
    /// Activity that makes every catalogued business and gateway series appear: expenses (one through the API, one
    /// through a CSV import), a claim decided by the admin, a request the gateway's access rule refuses, a split between
    /// versions for the catalog cluster, and orders through the saga (accepted, rejected, refused and cancelled).
    /// </summary>
    private static async Task DoBusinessAsync(HttpClient http, string admin)
    {
        var token = await StackApi.SignUpAsync(http, $"prom-{Guid.NewGuid():N}@example.com");
        using var created = await http.SendAsync(StackApi.Authorized(HttpMethod.Post, "/api/expenses", token, new { amount = "1500", description = "Ramen" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var importRequest = StackApi.Authorized(HttpMethod.Post, "/api/expenses/import", token);
        importRequest.Content = new StringContent("spent_on,amount,description\n2026-01-02,12.30,Lunch\n", System.Text.Encoding.UTF8, "text/csv");
        using var imported = await http.SendAsync(importRequest);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, $"import: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");

        using var claim = await http.SendAsync(StackApi.Authorized(HttpMethod.Post, "/api/claims", token, new { category = "travel", description = "Train", estimatedCost = "12.30" }));
        Assert.True(claim.StatusCode == HttpStatusCode.Created, $"claim: {(int)claim.StatusCode} {await claim.Content.ReadAsStringAsync()}");
        var claimId = (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var approve = StackApi.Authorized(HttpMethod.Post, $"/api/claims/{claimId}/approve", admin, new { });
        approve.Headers.IfMatch.Add(claim.Headers.ETag!);
        using var approved = await http.SendAsync(approve);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, $"approve: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}");

        using var products = await http.GetAsync("/api/products");
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        using var refused = await http.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var split = await http.SendAsync(StackApi.Authorized(HttpMethod.Put, "/gateway/admin/clusters/catalog/versions", admin, new { weights = CanaryWeights }));
        Assert.True(split.StatusCode == HttpStatusCode.OK, $"version weights: {(int)split.StatusCode} {await split.Content.ReadAsStringAsync()}");

        await DriveTheSagaAsync(http, admin, token);
    }

    /// <summary>
    /// Orders for a product with one unit: a probe for two units is refused at once (422) and tells when Ordering's
    /// replica knows the product; then four orders at the same moment pass the replica's check and Catalog accepts one
    /// and rejects the others. Repeated on a fresh product until both decisions were seen; an accepted order is
    /// cancelled.
    /// </summary>
    private static async Task DriveTheSagaAsync(HttpClient http, string admin, string buyer)
    {
        var elapsed = Stopwatch.StartNew();
        var decisions = new List<(Guid Order, string Status)>();
        while (!decisions.Any(d => d.Status == "accepted") || !decisions.Any(d => d.Status == "rejected"))
        {
            Assert.True(elapsed.Elapsed < StartTimeout, "The saga did not both accept and reject an order: " + string.Join(", ", decisions.Select(d => d.Status)));
            using var product = await http.SendAsync(StackApi.Authorized(HttpMethod.Post, "/api/products", admin,
                new { name = $"Stand {Guid.NewGuid():N}", price = "39.90", currency = "EUR", quantity = 1 }));
            Assert.True(product.StatusCode == HttpStatusCode.Created, $"product: {(int)product.StatusCode} {await product.Content.ReadAsStringAsync()}");
            var productId = (await product.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            var probe = await Eventually.ReadAsync(() => PlaceAsync(http, buyer, productId, quantity: 2),
                r => r.Problem.Contains("items[0].quantity", StringComparison.Ordinal), StartTimeout);
            Assert.True(probe.Order is null && probe.Problem.Contains("items[0].quantity", StringComparison.Ordinal), $"Ordering never learnt of the product: {probe.Problem}");

            var placed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PlaceAsync(http, buyer, productId, quantity: 1)));
            foreach (var order in placed.Select(p => p.Order).OfType<Guid>())
            {
                decisions.Add((order, await DecisionAsync(http, buyer, order)));
            }
        }

        using var cancelled = await http.SendAsync(StackApi.Authorized(HttpMethod.Post, $"/api/orders/{decisions.First(d => d.Status == "accepted").Order}/cancel", buyer,
            new { reason = "changed my mind" }));
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, $"cancel: {(int)cancelled.StatusCode} {await cancelled.Content.ReadAsStringAsync()}");
    }

    /// <summary>Places an order: its id when stored (201), else the refusal (422).</summary>
    private static async Task<(Guid? Order, string Problem)> PlaceAsync(HttpClient http, string buyer, Guid product, int quantity)
    {
        using var response = await http.SendAsync(StackApi.Authorized(HttpMethod.Post, "/api/orders", buyer, new
        {
            items = new[] { new { productId = product, quantity } },
            deliveryAddress = new { street = "1 Main Street", city = "Springfield", state = "IL", postalCode = "62701", country = "USA" },
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity, $"order: {(int)response.StatusCode} {body}");
        return response.StatusCode == HttpStatusCode.Created ? (JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid(), "") : (null, body);
    }

    /// <summary>The order's status once the saga decided it.</summary>
    private static async Task<string> DecisionAsync(HttpClient http, string buyer, Guid order)
    {
        var status = await Eventually.ReadAsync(async () =>
        {
            using var response = await http.SendAsync(StackApi.Authorized(HttpMethod.Get, $"/api/orders/{order}", buyer));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
        }, s => s != "pending", StartTimeout);
        Assert.True(status is "accepted" or "rejected", $"Order {order} is still {status}.");
        return status;
    }

    /// <summary>
    /// The gateway's ejection counter exists once it has ejected something, and the gateway dashboard and alerts
    /// query it: kill one catalog instance and keep reading through the gateway, which retries every read on the
    /// other instance (no request fails) and ejects the dead one. The AppHost restarts it.
    /// </summary>
    private static async Task CauseAnEjectionAsync(AppHostRun apphost, IReadOnlyList<RunningInstance> instances, HttpClient http)
    {
        var victim = instances.First(i => i.Service == "catalog");
        var gateway = instances.Single(i => i.Service == "gateway");
        var pid = victim.Pid;
        var elapsed = Stopwatch.StartNew();
        while (await StackApi.MetricSumAsync(gateway.Url, "outlay_gateway_ejections_total") == 0)
        {
            Assert.True(elapsed.Elapsed < Deadline, "The gateway never ejected the killed catalog instance.");
            if (ProcessTable.IsAlive(pid))
            {
                ProcessTable.Signal(pid, ProcessTable.SigKill);
            }

            for (var i = 0; i < 20; i++)
            {
                using var response = await http.GetAsync("/api/products");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"A read failed with {(int)response.StatusCode} while one of two catalog instances was down.");
            }

            var restarted = await apphost.WaitForLineAsync(line => line.Contains($"catalog#{victim.Number} restarted (pid", StringComparison.Ordinal)
                && !line.Contains($"(pid {pid})", StringComparison.Ordinal), StartTimeout);
            pid = int.Parse(restarted[(restarted.IndexOf("(pid ", StringComparison.Ordinal) + 5)..restarted.IndexOf(')', StringComparison.Ordinal)],
                System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
