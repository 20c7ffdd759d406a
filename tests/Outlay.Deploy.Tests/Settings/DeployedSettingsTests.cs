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
            Assert.True(manifests.Find("Deployment", deployable) is not null, $"overlay {overlay} has no Deployment {deployable}.");
            // The stable Deployment and any canary of the same deployable (catalog-v2 runs the catalog binary).
            foreach (var deployment in manifests.DeploymentsOf(deployable))
            {
                var container = Assert.Single(Manifests.PodSpec(deployment)["containers"]!.AsArray())!;
                AssertChecked($"overlay {overlay}, {Manifests.Name(deployment)}", ServiceBinaries.Check(deployable, manifests.Environment(container)));
            }
        }
    }

    private static void AssertChecked(string where, ToolResult result) =>
        Assert.True(result.ExitCode == 0 && result.Output.Contains("every Outlay setting is read", StringComparison.Ordinal),
            $"{where}: the binary refused its configuration (exit {result.ExitCode}):\n{Tail(result.Everything)}");

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
