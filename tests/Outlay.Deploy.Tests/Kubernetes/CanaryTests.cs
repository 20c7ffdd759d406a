using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Outlay.Deploy.Tests.Kubernetes;

/// <summary>
/// A canary in Kubernetes (deploy/k8s/components/catalog-canary, used by overlays/dev-canary): a second Deployment of a
/// deployable, found by the gateway through a headless Service of its own under a version label, that runs the stable
/// Deployment's container with another image tag. Checked on every overlay, and on dev-canary by name.
/// </summary>
public sealed partial class CanaryTests
{
    private const string CanaryOverlay = "dev-canary";

    public static TheoryData<string> Overlays => [.. Manifests.Overlays];

    [Fact]
    public void The_dev_canary_overlay_runs_a_canary_of_the_catalog()
    {
        Assert.Contains(CanaryOverlay, Manifests.Overlays);
        var manifests = Manifests.Render(CanaryOverlay);
        var canary = Assert.Single(Canaries(manifests));
        Assert.Equal("catalog-v2", Manifests.Name(canary));
        Assert.Equal(("catalog", "v2"), (Manifests.Deployable(canary), Manifests.Version(canary)));
        Assert.Equal("v1", Manifests.Version(manifests.Find("Deployment", "catalog")!));
        Assert.Empty(Canaries(Manifests.Render("dev")));
        Assert.Empty(Canaries(Manifests.Render("prod")));
    }

    [Fact]
    public void The_gateway_resolves_the_canary_headless_service_as_version_v2_of_the_catalog_cluster()
    {
        var clusters = GatewayDns(Manifests.Render(CanaryOverlay));
        Assert.Equal(new Dictionary<string, string> { ["v1"] = "catalog-headless", ["v2"] = "catalog-v2-headless" }, clusters["catalog"].Names);

        // It starts with a small share for the canary; the admin API moves it from there.
        var weights = clusters["catalog"].Weights;
        Assert.Equal(["v1", "v2"], weights.Keys.Order());
        Assert.True(weights["v2"] > 0 && weights["v2"] < weights["v1"], $"starting split v1 {weights["v1"]} / v2 {weights["v2"]}");

        // Without the component the catalog cluster is the stable headless Service alone.
        var dev = GatewayDns(Manifests.Render("dev"));
        Assert.Equal(new Dictionary<string, string> { ["v1"] = "catalog-headless" }, dev["catalog"].Names);
        Assert.Empty(dev["catalog"].Weights);
    }

    [Fact]
    public void The_stable_services_select_no_canary_pod_and_the_canary_services_only_canary_pods()
    {
        var manifests = Manifests.Render(CanaryOverlay);
        var stable = Manifests.PodLabels(manifests.Find("Deployment", "catalog")!);
        var canary = Manifests.PodLabels(manifests.Find("Deployment", "catalog-v2")!);
        foreach (var (service, own, other) in new[] { ("catalog", stable, canary), ("catalog-headless", stable, canary), ("catalog-v2", canary, stable), ("catalog-v2-headless", canary, stable) })
        {
            var selector = manifests.Find("Service", service)!["spec"]!["selector"];
            Assert.True(Manifests.Selects(selector, own), $"Service {service} does not select its own pods");
            Assert.False(Manifests.Selects(selector, other), $"Service {service} selects the other version's pods");
        }

        // The same for what else selects pods: the Deployments themselves, the disruption budgets, the spread constraints.
        foreach (var (name, own, other) in new[] { ("catalog", stable, canary), ("catalog-v2", canary, stable) })
        {
            var deployment = manifests.Find("Deployment", name)!;
            var selectors = new[]
            {
                deployment["spec"]!["selector"]!["matchLabels"],
                manifests.Find("PodDisruptionBudget", name)!["spec"]!["selector"]!["matchLabels"],
                Manifests.PodSpec(deployment)["topologySpreadConstraints"]![0]!["labelSelector"]!["matchLabels"],
            };
            Assert.All(selectors, s => Assert.True(Manifests.Selects(s, own) && !Manifests.Selects(s, other), $"{name}: {s?.ToJsonString()}"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_selector_matches_the_pods_of_one_workload(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        var workloads = manifests.Workloads.ToList();
        var selectors = manifests.OfKind("Service").Select(s => (Manifests.Name(s), s["spec"]!["selector"]))
            .Concat(manifests.OfKind("PodDisruptionBudget").Select(p => (Manifests.Name(p), p["spec"]!["selector"]!["matchLabels"])))
            .Concat(workloads.Select(w => (Manifests.Name(w), w["spec"]!["selector"]!["matchLabels"])));
        foreach (var (name, selector) in selectors)
        {
            var selected = workloads.Where(w => Manifests.Selects(selector, Manifests.PodLabels(w))).Select(Manifests.Name).ToList();
            Assert.True(selected.Count == 1, $"{overlay}: the selector of {name} matches the pods of {string.Join(", ", selected)}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_name_the_gateway_resolves_is_a_headless_service_of_that_version_alone_and_every_canary_is_resolved(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        var clusters = GatewayDns(manifests);
        foreach (var (cluster, dns) in clusters)
        {
            foreach (var (version, host) in dns.Names)
            {
                var service = manifests.Find("Service", host);
                Assert.True(service is not null, $"{overlay}: the gateway resolves {host} for {cluster} {version}, which is no Service");
                Assert.Equal("None", service["spec"]!["clusterIP"]?.GetValue<string>());
                var selected = manifests.Deployments.Where(d => Manifests.Selects(service["spec"]!["selector"], Manifests.PodLabels(d))).ToList();
                Assert.True(selected.Count == 1, $"{overlay}: {host} ({cluster} {version}) selects the pods of {string.Join(", ", selected.Select(Manifests.Name))}");
                var deployment = selected[0];
                Assert.Equal((cluster, version), (Manifests.Deployable(deployment), Manifests.Version(deployment)));
            }

            Assert.All(dns.Weights.Keys, v => Assert.True(dns.Names.ContainsKey(v), $"{overlay}: {cluster} weighs version {v}, which it does not resolve"));
        }

        foreach (var canary in Canaries(manifests))
        {
            var (deployable, version) = (Manifests.Deployable(canary), Manifests.Version(canary));
            Assert.True(clusters.TryGetValue(deployable, out var dns) && dns.Names.GetValueOrDefault(version) == $"{Manifests.Name(canary)}-headless",
                $"{overlay}: the gateway does not resolve {Manifests.Name(canary)}-headless as {deployable} {version}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_canary_runs_the_stable_container_with_its_own_tag(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        foreach (var canary in Canaries(manifests))
        {
            var name = Manifests.Name(canary);
            var stable = manifests.Find("Deployment", Manifests.Deployable(canary))!;
            var (stableContainer, canaryContainer) = (Assert.Single(Manifests.Containers(stable)), Assert.Single(Manifests.Containers(canary)));

            foreach (var field in new[] { "startupProbe", "readinessProbe", "livenessProbe", "securityContext", "resources", "ports", "envFrom", "volumeMounts" })
            {
                Assert.True(JsonNode.DeepEquals(stableContainer[field], canaryContainer[field]), $"{overlay}/{name}: {field} differs from the stable one");
            }

            Assert.Equal(EnvironmentNames(stableContainer), EnvironmentNames(canaryContainer));
            Assert.Equal(manifests.Environment(stableContainer), manifests.Environment(canaryContainer));
            Assert.True(JsonNode.DeepEquals(Without(stableContainer, "image"), Without(canaryContainer, "image")), $"{overlay}/{name}: the container differs from the stable one");
            foreach (var field in new[] { "securityContext", "volumes", "automountServiceAccountToken", "enableServiceLinks", "terminationGracePeriodSeconds" })
            {
                Assert.True(JsonNode.DeepEquals(Manifests.PodSpec(stable)[field], Manifests.PodSpec(canary)[field]), $"{overlay}/{name}: pod {field} differs from the stable one");
            }

            // Same repository, another tag: an overlay's images entry for the stable image, listed after the canary's,
            // would silently give the canary the stable tag.
            var (stableImage, canaryImage) = (stableContainer["image"]!.GetValue<string>(), canaryContainer["image"]!.GetValue<string>());
            Assert.Equal(Repository(stableImage), Repository(canaryImage));
            Assert.NotEqual(stableImage, canaryImage);

            var autoscalers = manifests.OfKind("HorizontalPodAutoscaler").ToDictionary(h => h["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(Without(autoscalers[Manifests.Name(stable)]["spec"]!, "scaleTargetRef"), Without(autoscalers[name]["spec"]!, "scaleTargetRef")),
                $"{overlay}/{name}: the autoscaler differs from the stable one");
        }
    }

    /// <summary>Deployments that are a further version of a deployable (named otherwise than the deployable).</summary>
    private static IEnumerable<JsonNode> Canaries(Manifests manifests) => manifests.Deployments.Where(d => Manifests.Name(d) != Manifests.Deployable(d));

    private static List<string> EnvironmentNames(JsonNode container) =>
        [.. (container["env"]?.AsArray() ?? []).Select(e => e!["name"]!.GetValue<string>())];

    private static JsonObject Without(JsonNode node, string property)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove(property);
        return copy;
    }

    private static string Repository(string image) => image[..image.LastIndexOf(':')];

    /// <summary>Each gateway cluster's DNS names by version label, and its configured split, from the gateway's environment.</summary>
    private static Dictionary<string, (Dictionary<string, string> Names, Dictionary<string, int> Weights)> GatewayDns(Manifests manifests)
    {
        var gateway = manifests.Find("Deployment", "gateway")!;
        var environment = manifests.Environment(Assert.Single(Manifests.Containers(gateway)));
        var clusters = new Dictionary<string, (Dictionary<string, string> Names, Dictionary<string, int> Weights)>(StringComparer.Ordinal);
        foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (ClusterSetting().Match(key) is not { Success: true } match)
            {
                continue;
            }

            var cluster = match.Groups["cluster"].Value;
            if (!clusters.TryGetValue(cluster, out var dns))
            {
                dns = ([], []);
                clusters[cluster] = dns;
            }

            switch (match.Groups["setting"].Value)
            {
                case "Dns__Host":
                    dns.Names[environment.GetValueOrDefault($"Gateway__Clusters__{cluster}__Dns__Version", "v1")] = value;
                    break;
                case var setting when setting.StartsWith("Dns__Versions__", StringComparison.Ordinal):
                    dns.Names[setting["Dns__Versions__".Length..]] = value;
                    break;
                case var setting when setting.StartsWith("VersionWeights__", StringComparison.Ordinal):
                    dns.Weights[setting["VersionWeights__".Length..]] = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    break;
            }
        }

        return clusters;
    }

    [GeneratedRegex(@"^Gateway__Clusters__(?<cluster>[^_]+)__(?<setting>.+)$")]
    private static partial Regex ClusterSetting();
}
