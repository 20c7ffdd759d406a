using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Monitoring;

internal static class MonitoringQueries
{
    /// <summary>Every expression of the alert and recording rules and of the dashboards, with where it comes from.</summary>
    public static IReadOnlyList<(string Source, string Expression)> All() =>
    [
        .. AlertRuleTests.Rules().Select(r => ("rule " + (r.Alert ?? r.Record), r.Expression)),
        .. Directory.GetFiles(Repository.PathOf("deploy", "grafana", "dashboards"), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal)
            .SelectMany(d => GrafanaDashboardTests.Queries(GrafanaDashboardTests.Load(d)).Select(q => ($"{d}/{q.Title}", q.Expression))),
    ];
}
