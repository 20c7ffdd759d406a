using System.Text.Json;
using System.Text.Json.Nodes;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Monitoring;

/// <summary>The provisioned dashboards: valid JSON, wired to the provisioned data source, valid PromQL on real metric names.</summary>
public sealed class GrafanaDashboardTests
{
    private static readonly string[] Required = ["outlay-overview", "outlay-gateway", "outlay-messaging", "outlay-business", "outlay-host"];

    public static TheoryData<string> Dashboards => [.. Directory.GetFiles(Repository.PathOf("deploy", "grafana", "dashboards"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order()];

    [Fact]
    public void The_overview_gateway_messaging_business_and_host_dashboards_exist_with_unique_ids()
    {
        var dashboards = Dashboards.Select(d => Load((string)d.Data)).ToList();
        Assert.Superset(Required.ToHashSet(), dashboards.Select(d => d["uid"]!.GetValue<string>()).ToHashSet());
        Assert.Equal(dashboards.Count, dashboards.Select(d => d["uid"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(dashboards.Count, dashboards.Select(d => d["title"]!.GetValue<string>()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Panels_use_the_provisioned_prometheus_and_do_not_overlap(string name)
    {
        var dataSource = Yaml.ParseFile("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")["datasources"]!.AsArray().Single()!;
        var uid = dataSource["uid"]!.GetValue<string>();
        var dashboard = Load(name);
        var panels = dashboard["panels"]!.AsArray().Select(p => p!).ToList();
        Assert.NotEmpty(panels);
        Assert.Equal(panels.Count, panels.Select(p => p["id"]!.GetValue<int>()).Distinct().Count());
        foreach (var panel in panels.Where(p => p["targets"] is not null))
        {
            Assert.Equal(uid, panel["datasource"]!["uid"]!.GetValue<string>());
            Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal(uid, t!["datasource"]!["uid"]!.GetValue<string>()));
        }

        var cells = new HashSet<(int, int)>();
        foreach (var panel in panels)
        {
            var grid = panel["gridPos"]!;
            int x = grid["x"]!.GetValue<int>(), y = grid["y"]!.GetValue<int>(), w = grid["w"]!.GetValue<int>(), h = grid["h"]!.GetValue<int>();
            Assert.True(x >= 0 && w > 0 && x + w <= 24 && h > 0, $"{name}: panel {panel["title"]} is off the 24-column grid");
            for (var column = x; column < x + w; column++)
            {
                for (var row = y; row < y + h; row++)
                {
                    Assert.True(cells.Add((column, row)), $"{name}: panel {panel["title"]} overlaps another");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Queries_are_valid_promql_on_metrics_that_exist(string name)
    {
        var known = MetricCatalog.Services.Concat(MetricCatalog.NodeExporter).Concat(MetricCatalog.RecordingRules()).ToHashSet();
        var expressions = Queries(Load(name)).ToList();
        Assert.NotEmpty(expressions);
        foreach (var (title, expression) in expressions)
        {
            var unknown = PromQl.MetricNames(expression).Except(known).ToList();
            Assert.True(unknown.Count == 0, $"{name}/{title} queries unknown metrics: {string.Join(", ", unknown)}");
        }

        PrometheusTools.AssertValidExpressions(expressions);
    }

    /// <summary>
    /// The canary panels on made-up series, through promtool: two gateways, catalog with a v1 and a v2 destination and
    /// a 90/10 split that the attempts really followed, and web without a split, which the panels leave out. Versions
    /// come only from outlay_gateway_destination_weight; the attempts carry the destination.
    /// </summary>
    [Fact]
    public void The_canary_panels_give_each_version_its_share_of_the_cluster()
    {
        var panels = Queries(Load("outlay-gateway")).ToList();
        string Percent(string title) => $"round(100 * ({Assert.Single(panels, q => q.Title == title).Expression}))";
        static JsonObject Series(string name, string labels, string values) =>
            new() { ["series"] = $"{name}{{job=\"gateway\",{labels}}}", ["values"] = values };
        static JsonObject Sample(string rule, string version, double value) =>
            new() { ["labels"] = $"{rule}{{cluster=\"catalog\",version=\"{version}\"}}", ["value"] = value };

        var rules = new JsonObject
        {
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "canary",
                ["rules"] = new JsonArray(
                    new JsonObject { ["record"] = "configured", ["expr"] = Percent("Canary split: configured weights") },
                    new JsonObject { ["record"] = "observed", ["expr"] = Percent("Canary split: observed traffic per version") }),
            }),
        };
        JsonNode[] input =
        [
            .. new[] { "gateway-1", "gateway-2" }.SelectMany(gateway => new[]
            {
                Series("outlay_gateway_destination_weight", $"instance=\"{gateway}\",cluster=\"catalog\",destination=\"catalog-a\",version=\"v1\"", "100x20"),
                Series("outlay_gateway_destination_weight", $"instance=\"{gateway}\",cluster=\"catalog\",destination=\"catalog-b\",version=\"v2\"", "100x20"),
                Series("outlay_gateway_destination_weight", $"instance=\"{gateway}\",cluster=\"web\",destination=\"web-a\",version=\"v1\"", "100x20"),
                Series("outlay_gateway_version_weight", $"instance=\"{gateway}\",cluster=\"catalog\",version=\"v1\"", "90x20"),
                Series("outlay_gateway_version_weight", $"instance=\"{gateway}\",cluster=\"catalog\",version=\"v2\"", "10x20"),
            }),
            // 90 % of the attempts to v1, spread over both gateways and two outcomes; 10 % to v2.
            Series("outlay_gateway_upstream_duration_seconds_count", "instance=\"gateway-1\",cluster=\"catalog\",destination=\"catalog-a\",outcome=\"response\"", "0+600x20"),
            Series("outlay_gateway_upstream_duration_seconds_count", "instance=\"gateway-2\",cluster=\"catalog\",destination=\"catalog-a\",outcome=\"response\"", "0+210x20"),
            Series("outlay_gateway_upstream_duration_seconds_count", "instance=\"gateway-2\",cluster=\"catalog\",destination=\"catalog-a\",outcome=\"ConnectFailed\"", "0+90x20"),
            Series("outlay_gateway_upstream_duration_seconds_count", "instance=\"gateway-1\",cluster=\"catalog\",destination=\"catalog-b\",outcome=\"response\"", "0+100x20"),
            Series("outlay_gateway_upstream_duration_seconds_count", "instance=\"gateway-1\",cluster=\"web\",destination=\"web-a\",outcome=\"response\"", "0+500x20"),
        ];
        var tests = new JsonObject
        {
            ["rule_files"] = new JsonArray("rules.json"),
            ["evaluation_interval"] = "1m",
            ["tests"] = new JsonArray(new JsonObject
            {
                ["interval"] = "1m",
                ["input_series"] = new JsonArray(input),
                ["promql_expr_test"] = new JsonArray(
                    new JsonObject { ["expr"] = "configured", ["eval_time"] = "10m", ["exp_samples"] = new JsonArray(Sample("configured", "v1", 90), Sample("configured", "v2", 10)) },
                    new JsonObject { ["expr"] = "observed", ["eval_time"] = "10m", ["exp_samples"] = new JsonArray(Sample("observed", "v1", 90), Sample("observed", "v2", 10)) }),
            }),
        };

        var folder = Directory.CreateTempSubdirectory("outlay-canary-").FullName;
        try
        {
            // JSON is YAML, so promtool reads these as they are.
            File.WriteAllText(Path.Combine(folder, "rules.json"), rules.ToJsonString());
            File.WriteAllText(Path.Combine(folder, "tests.json"), tests.ToJsonString());
            PrometheusTools.Require().Succeeds(["test", "rules", Path.Combine(folder, "tests.json")]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Provisioning_loads_the_dashboards_from_where_compose_mounts_them()
    {
        var provider = Yaml.ParseFile("deploy", "grafana", "provisioning", "dashboards", "outlay.yml")["providers"]!.AsArray().Single()!;
        var path = provider["options"]!["path"]!.GetValue<string>();
        var compose = Repository.Read("deploy", "compose.yaml");
        Assert.Contains($"./grafana/dashboards:{path}:ro", compose, StringComparison.Ordinal);
        Assert.Contains("./grafana/provisioning:/etc/grafana/provisioning:ro", compose, StringComparison.Ordinal);
        Assert.Contains($"GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: {path}/outlay-overview.json", compose, StringComparison.Ordinal);
        Assert.Equal("http://prometheus:9090", Yaml.ParseFile("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")["datasources"]![0]!["url"]!.GetValue<string>());
    }

    internal static JsonNode Load(string name)
    {
        var text = Repository.Read("deploy", "grafana", "dashboards", name + ".json");
        return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow })!;
    }

    internal static IEnumerable<(string Title, string Expression)> Queries(JsonNode dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            foreach (var target in panel!["targets"]?.AsArray() ?? [])
            {
                yield return (panel["title"]!.GetValue<string>(), PromQl.FromGrafana(target!["expr"]!.GetValue<string>()));
            }
        }

        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            var query = variable!["query"]?["query"]?.GetValue<string>() ?? "";
            if (query.StartsWith("label_values(", StringComparison.Ordinal))
            {
                // label_values(selector, label) is Grafana's; its selector is PromQL.
                var selector = query["label_values(".Length..query.LastIndexOf(',')];
                yield return ("variable " + variable["name"], selector);
            }
        }
    }
}
