using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Compose;
using Outlay.Deploy.Tests.Infrastructure;
using Outlay.Deploy.Tests.Kubernetes;

namespace Outlay.Deploy.Tests.Settings;

/// <summary>
/// Every Outlay setting that compose or a Kubernetes overlay gives a deployable is one that deployable reads, and
/// the whole configuration is one it starts with: checked by the built binary itself, so a key renamed in the code
/// but not in a deploy file (or a route table the gateway would refuse) fails here, not in a cluster.
/// </summary>
public sealed partial class DeployedSettingsTests
{
    public static TheoryData<string> DeployableNames => [.. Deployables.Names];

    [Theory]
    [MemberData(nameof(DeployableNames))]
    public void Compose_gives_each_deployable_only_settings_it_reads(string deployable)
    {
        var services = ComposeFile.Resolved(ComposeFile.DockerCompose())["services"]!.AsObject();
        var containers = services.Where(s => s.Key == deployable || Regex.IsMatch(s.Key, $"^{deployable}-\\d+$")).ToList();
        Assert.NotEmpty(containers);
        foreach (var (name, service) in containers)
        {
            var environment = service!["environment"]?.AsObject().ToDictionary(e => e.Key, e => e.Value?.ToString() ?? "", StringComparer.Ordinal) ?? [];
            AssertChecked($"compose {name}", ServiceBinaries.Check(deployable, environment));
        }
    }

    [Theory]
    [MemberData(nameof(DeployableNames))]
    public void Every_overlay_gives_each_deployable_only_settings_it_reads(string deployable)
    {
        foreach (var overlay in Manifests.Overlays)
        {
            var manifests = Manifests.Render(overlay);
            var deployment = manifests.Find("Deployment", deployable);
            Assert.True(deployment is not null, $"overlay {overlay} has no Deployment {deployable}.");
            var container = Assert.Single(Manifests.PodSpec(deployment)["containers"]!.AsArray())!;
            AssertChecked($"overlay {overlay}, {deployable}", ServiceBinaries.Check(deployable, ContainerEnvironment(manifests, container)));
        }
    }

    private static void AssertChecked(string where, ToolResult result) =>
        Assert.True(result.ExitCode == 0 && result.Output.Contains("every Outlay setting is read", StringComparison.Ordinal),
            $"{where}: the binary refused its configuration (exit {result.ExitCode}):\n{Tail(result.Everything)}");

    /// <summary>The environment the kubelet would give the container: envFrom, then env, with $(NAME) references expanded.</summary>
    private static Dictionary<string, string> ContainerEnvironment(Manifests manifests, JsonNode container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var configMap = source!["configMapRef"]?["name"]?.GetValue<string>();
            Assert.True(configMap is not null, "Only ConfigMaps are expected in envFrom.");
            foreach (var (key, value) in Data(manifests, "ConfigMap", configMap))
            {
                environment[key] = value;
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = variable!["name"]!.GetValue<string>();
            if (variable["value"] is { } value)
            {
                environment[name] = Reference().Replace(value.GetValue<string>(), m => environment.GetValueOrDefault(m.Groups[1].Value, m.Value));
            }
            else if (variable["valueFrom"]?["secretKeyRef"] is { } secret)
            {
                environment[name] = Data(manifests, "Secret", secret["name"]!.GetValue<string>())[secret["key"]!.GetValue<string>()];
            }
        }

        return environment;
    }

    private static Dictionary<string, string> Data(Manifests manifests, string kind, string name)
    {
        var found = manifests.Find(kind, name);
        Assert.True(found is not null, $"overlay {manifests.Overlay} has no {kind} {name}.");
        var data = found["data"]?.AsObject().ToDictionary(d => d.Key, d => d.Value!.GetValue<string>(), StringComparer.Ordinal) ?? [];
        return kind == "Secret" ? data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(Convert.FromBase64String(d.Value)), StringComparer.Ordinal) : data;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
