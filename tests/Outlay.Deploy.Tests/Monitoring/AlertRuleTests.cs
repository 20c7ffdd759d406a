using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Monitoring;

/// <summary>The alert rules: valid, unit-tested one by one, and querying only metrics that exist.</summary>
public sealed class AlertRuleTests
{
    [Fact]
    public void Rules_pass_promtool_check()
    {
        PrometheusTools.Require().Succeeds(["check", "rules", .. PrometheusTools.RuleFiles]);
    }

    [Fact]
    public void Rule_unit_tests_pass()
    {
        PrometheusTools.Require().Succeeds(["test", "rules", .. PrometheusTools.TestFiles]);
    }

    [Fact]
    public void Every_alert_has_a_unit_test_that_sees_it_fire()
    {
        var alerts = Rules().Where(r => r.Alert is not null).Select(r => r.Alert!).ToHashSet();
        Assert.True(alerts.Count >= 10, "expected the full set of alerts");
        var fired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in PrometheusTools.TestFiles)
        {
            foreach (var test in Yaml.Parse(File.ReadAllText(file))["tests"]!.AsArray())
            {
                foreach (var check in test!["alert_rule_test"]?.AsArray() ?? [])
                {
                    if (check!["exp_alerts"]!.AsArray().Count > 0)
                    {
                        fired.Add(check["alertname"]!.GetValue<string>());
                    }
                }
            }
        }

        Assert.Empty(alerts.Except(fired));
    }

    [Fact]
    public void Every_alert_says_how_bad_and_what_happened()
    {
        foreach (var rule in Rules().Where(r => r.Alert is not null))
        {
            Assert.Contains(rule.Severity, new[] { "critical", "warning", "info" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Summary), rule.Alert);
            Assert.False(string.IsNullOrWhiteSpace(rule.Description), rule.Alert);
        }

        var readme = Repository.Read("README.md");
        foreach (var rule in Rules().Where(r => r.Alert is not null))
        {
            Assert.True(readme.Contains(rule.Alert!, StringComparison.Ordinal), $"README does not explain {rule.Alert}");
        }
    }

    [Fact]
    public void Rules_query_only_metrics_the_services_export()
    {
        var known = MetricCatalog.Services.Concat(MetricCatalog.RecordingRules()).ToHashSet();
        foreach (var rule in Rules())
        {
            var unknown = PromQl.MetricNames(rule.Expression).Except(known).ToList();
            Assert.True(unknown.Count == 0, $"{rule.Alert ?? rule.Record} queries unknown metrics: {string.Join(", ", unknown)}");
        }
    }

    internal static IEnumerable<(string? Alert, string? Record, string Expression, string? Severity, string? Summary, string? Description)> Rules() =>
        PrometheusTools.RuleFiles
            .SelectMany(file => Yaml.Parse(File.ReadAllText(file))["groups"]!.AsArray())
            .SelectMany(group => group!["rules"]!.AsArray())
            .Select(rule => (
                rule!["alert"]?.GetValue<string>(),
                rule["record"]?.GetValue<string>(),
                rule["expr"]!.GetValue<string>(),
                rule["labels"]?["severity"]?.GetValue<string>(),
                rule["annotations"]?["summary"]?.GetValue<string>(),
                rule["annotations"]?["description"]?.GetValue<string>()));
}
