using System.Net;
using System.Runtime.Versioning;

using Outlay.AppHost.Tests;
using Outlay.Deploy.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Deploy.Tests.Monitoring;

/// <summary>
/// Issue 8's live check: the stack started by the AppHost (two instances of each service), a real Prometheus on
/// the project's local scrape configuration reading the targets the AppHost wrote, every target up, a business
/// series with a value; and every metric name a rule or dashboard queries present on the instances' /metrics.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LivePrometheusTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(200);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 600_000)]
    public async Task Prometheus_scrapes_every_instance_the_AppHost_started_and_sees_every_metric_the_rules_and_dashboards_query()
    {
        var binary = PrometheusServer.RequireBinary();
        await using var apphost = AppHostRun.Start();
        var instances = await apphost.WaitUntilReadyAsync(StartTimeout);
        var gateway = Assert.Single(instances, i => i.Service == "gateway");
        using var http = new HttpClient { BaseAddress = gateway.Url };
        var admin = await StackApi.AdminTokenAsync(http, apphost.DataFolder);
        await StackApi.WaitUntilRegisteredAsync(http, admin, instances, StartTimeout);

        await DoBusinessAsync(http);
        await CauseAnEjectionAsync(apphost, instances, http);
        // The killed instance is back (same port) before Prometheus starts, so every target can be up.
        await StackApi.WaitUntilRegisteredAsync(http, admin, instances, StartTimeout);

        var targetsFile = Path.Combine(apphost.DataFolder, "prometheus", "targets.json");
        Assert.True(File.Exists(targetsFile), "The AppHost wrote no Prometheus targets file.");
        await using var prometheus = await PrometheusServer.StartAsync(binary, targetsFile, ScrapeInterval, Deadline);

        var targets = await Eventually.ReadAsync(prometheus.TargetsAsync, t => t.Count == instances.Count && t.All(x => x.Health == "up"), Deadline);
        Assert.True(targets.Count == instances.Count && targets.All(t => t.Health == "up"),
            "Not every instance is an up target:\n" + string.Join('\n', targets.Select(t => $"{t.Job} {t.Instance} {t.Health} {t.Error}")));
        Assert.Equal(
            instances.Select(i => $"{i.Service}/{i.Service}-{i.Number}").Order(StringComparer.Ordinal),
            targets.Select(t => $"{t.Job}/{t.Instance}").Order(StringComparer.Ordinal));

        // Business series: the expense created above, counted by the expenses instance that took it.
        var entries = await Eventually.ReadAsync(() => prometheus.QueryAsync("sum(outlay_expenses_entry_changes_total{job=\"expenses\", operation=\"created\"})"),
            r => r.Count == 1 && r[0].Value >= 1, Deadline);
        Assert.True(entries.Count == 1 && entries[0].Value >= 1, "No expense entry was counted.");
        var pending = await Eventually.ReadAsync(() => prometheus.QueryAsync("max(outlay_claims_pending{job=\"expenses\", system=\"outlay\"})"), r => r.Count == 1, Deadline);
        Assert.Single(pending);

        // Every name a rule or dashboard queries, except Prometheus' own `up` (checked above through the
        // targets), the recording rules' outputs, and Node Exporter's (not run by the AppHost).
        var queried = AlertRuleTests.Rules().Select(r => r.Expression)
            .Concat(Dashboards().SelectMany(d => GrafanaDashboardTests.Queries(GrafanaDashboardTests.Load(d)).Select(q => q.Expression)))
            .SelectMany(PromQl.MetricNames)
            .Except(MetricCatalog.RecordingRules())
            .Except(MetricCatalog.NodeExporter)
            .Except(["up"])
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(queried);
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            exposed.UnionWith(await MetricNamesAsync(instance.Url));
        }

        var missing = queried.Except(exposed).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Rules or dashboards query metrics no instance exposes: {string.Join(", ", missing)}");

        // And Prometheus stored them too: a queried name of each kind has series.
        foreach (var name in new[] { "http_server_request_duration_seconds_bucket", "outlay_gateway_requests_total", "outlay_outbox_pending" })
        {
            Assert.True(queried.Contains(name), $"{name} is no longer queried; pick another for this check.");
            var series = await Eventually.ReadAsync(() => prometheus.QueryAsync($"count({name})"), r => r.Count == 1 && r[0].Value > 0, Deadline);
            Assert.True(series.Count == 1 && series[0].Value > 0, $"Prometheus has no series of {name}.");
        }
    }

    private static IEnumerable<string> Dashboards() =>
        Directory.GetFiles(Repository.PathOf("deploy", "grafana", "dashboards"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!);

    /// <summary>A user signs up, records an expense and files it as a claim; a visitor browses the store.</summary>
    private static async Task DoBusinessAsync(HttpClient http)
    {
        var token = await StackApi.SignUpAsync(http, $"prom-{Guid.NewGuid():N}@example.com");
        using var created = await http.SendAsync(StackApi.Authorized(HttpMethod.Post, "/api/expenses", token, new { amount = "1500", description = "Ramen" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var products = await http.GetAsync("/api/products");
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
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
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
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

    /// <summary>The metric names in one instance's exposition (histograms as their _bucket, _sum and _count series).</summary>
    private static async Task<IReadOnlySet<string>> MetricNamesAsync(Uri instance)
    {
        using var client = new HttpClient { BaseAddress = instance, Timeout = TimeSpan.FromSeconds(10) };
        var text = await client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }
}
