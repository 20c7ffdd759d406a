using System.Diagnostics;

using Outlay.Deploy.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Deploy.Tests.Monitoring;

/// <summary>
/// The Host dashboard against a real Node Exporter on this machine (Debian package <c>prometheus-node-exporter</c>):
/// every name of the catalogue's Node Exporter list (the only node_* names dashboards and rules may query) is on its
/// /metrics, and the queries on them select and group by labels its series carry.
/// </summary>
public sealed class NodeExporterTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // Prometheus adds these to every series of a target; the exporter itself does not write them.
    private static readonly string[] TargetLabels = ["job", "instance"];

    [Fact]
    public async Task Queries_on_node_exporter_series_use_names_and_labels_it_exports()
    {
        var exporter = Tool.Require("prometheus-node-exporter", "Debian package prometheus-node-exporter");
        var address = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        var start = new ProcessStartInfo(exporter.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--web.listen-address={address.Host}:{address.Port}");
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var scraped = await Eventually.ReadAsync(async () =>
            {
                try
                {
                    return await Exposition.ScrapeAsync(address);
                }
                catch (HttpRequestException)
                {
                    return new Dictionary<string, IReadOnlySet<string>>();
                }
            }, s => s.Count > 0, StartTimeout);
            Assert.True(scraped.Count > 0, $"Node Exporter did not answer on {address} within {StartTimeout.TotalSeconds:0} s.");
            var exported = scraped.ToDictionary(s => s.Key, s => (IReadOnlySet<string>)s.Value.Union(TargetLabels).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

            var queries = MonitoringQueries.All().Where(q => PromQl.MetricNames(q.Expression).Any(MetricCatalog.NodeExporter.Contains)).ToList();
            Assert.NotEmpty(queries);
            var missing = MetricCatalog.NodeExporter.Except(exported.Keys).Order(StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, $"The catalogue lists Node Exporter metrics it does not export: {string.Join(", ", missing)}");
            var problems = PromQl.UnknownLabels(queries, exported);
            Assert.True(problems.Count == 0, "Queries use labels Node Exporter's series do not carry:\n" + string.Join('\n', problems));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
