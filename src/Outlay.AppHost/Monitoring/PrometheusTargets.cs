using System.Text.Json;

using Outlay.AppHost.Launch;

namespace Outlay.AppHost.Monitoring;

/// <summary>
/// Tells a local Prometheus what to scrape. Only the AppHost knows which free ports the instances got, so it
/// writes them in Prometheus' file-based discovery format, which <c>deploy/prometheus/prometheus-local.yml</c>
/// reads: one target group per instance, with the labels the rules and dashboards group by (<c>job</c> per
/// service, as in compose and Kubernetes, and <c>system="outlay"</c>, which the alerts select on).
/// </summary>
internal static class PrometheusTargets
{
    /// <summary>Relative to the data folder; the local scrape configuration names the same path.</summary>
    public static readonly string RelativePath = Path.Combine("prometheus", "targets.json");

    public static string Write(string dataFolder, IReadOnlyList<ServiceInstance> instances)
    {
        var path = Path.Combine(dataFolder, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var groups = instances.Select(instance => new TargetGroup(
            [instance.HostAndPort],
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["job"] = instance.Service.Name,
                ["service"] = instance.Service.Name,
                ["instance"] = $"{instance.Service.Name}-{instance.Number}",
                ["system"] = "outlay",
            }));

        // Prometheus watches the file: replace it in one step so it never reads half of it.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(groups, SerializerOptions));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static readonly JsonSerializerOptions SerializerOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private sealed record TargetGroup(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels);
}
