using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Kubernetes;

/// <summary>One overlay of deploy/k8s rendered by <c>kubectl kustomize</c>, as the cluster would receive it.</summary>
internal sealed partial class Manifests
{
    private static readonly Dictionary<string, Manifests> Rendered = [];
    private static readonly Lock RenderLock = new();

    private Manifests(string overlay, IReadOnlyList<JsonNode> objects)
    {
        Overlay = overlay;
        Objects = objects;
    }

    public static IEnumerable<string> Overlays => Directory.GetDirectories(Repository.PathOf("deploy", "k8s", "overlays")).Select(d => Path.GetFileName(d)!).Order();

    public string Overlay { get; }

    public IReadOnlyList<JsonNode> Objects { get; }

    public IEnumerable<JsonNode> Workloads => OfKind("Deployment", "StatefulSet", "DaemonSet");

    public IEnumerable<JsonNode> Deployments => OfKind("Deployment");

    public static Manifests Render(string overlay)
    {
        lock (RenderLock)
        {
            if (!Rendered.TryGetValue(overlay, out var manifests))
            {
                var kubectl = Tool.Require("kubectl", "kubectl with kustomize v4 or later");
                var version = kubectl.Run(["version", "--client"]).Everything;
                var kustomize = KustomizeVersion().Match(version);
                Assert.True(kustomize.Success && int.Parse(kustomize.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 4,
                    $"deploy/k8s needs kubectl with kustomize v4 or later; this kubectl says:\n{version}");
                var output = kubectl.Succeeds("kustomize", Repository.PathOf("deploy", "k8s", "overlays", overlay));
                manifests = new Manifests(overlay, Yaml.ParseAll(output));
                Rendered[overlay] = manifests;
            }

            return manifests;
        }
    }

    public IEnumerable<JsonNode> OfKind(params string[] kinds) => Objects.Where(o => kinds.Contains(Kind(o)));

    public JsonNode? Find(string kind, string name) => OfKind(kind).SingleOrDefault(o => Name(o) == name);

    public static string Kind(JsonNode o) => o["kind"]!.GetValue<string>();

    public static string Name(JsonNode o) => o["metadata"]!["name"]!.GetValue<string>();

    public static JsonObject PodSpec(JsonNode workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static IEnumerable<JsonNode> Containers(JsonNode workload) =>
        PodSpec(workload)["containers"]!.AsArray().Concat(PodSpec(workload)["initContainers"]?.AsArray() ?? []).Select(c => c!);

    public static IReadOnlyDictionary<string, string> Labels(JsonNode? labels) =>
        labels?.AsObject().ToDictionary(l => l.Key, l => l.Value!.GetValue<string>()) ?? [];

    public static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is not null && Labels(selector).All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);

    /// <summary>The labels of a workload's pods.</summary>
    public static IReadOnlyDictionary<string, string> PodLabels(JsonNode workload) => Labels(workload["spec"]!["template"]!["metadata"]!["labels"]);

    /// <summary>The deployable a workload runs (its pods' <c>app.kubernetes.io/name</c>): a canary runs the same one as the stable Deployment.</summary>
    public static string Deployable(JsonNode workload) => PodLabels(workload).GetValueOrDefault("app.kubernetes.io/name", Name(workload));

    /// <summary>The gateway's version label for a workload's pods: their <c>version</c> label, <c>v1</c> without one.</summary>
    public static string Version(JsonNode workload) => PodLabels(workload).GetValueOrDefault("version", "v1");

    /// <summary>The Deployments of a deployable, the stable one (named as the deployable) first.</summary>
    public IEnumerable<JsonNode> DeploymentsOf(string deployable) =>
        Deployments.Where(d => Deployable(d) == deployable).OrderBy(d => Name(d) == deployable ? 0 : 1);

    /// <summary>The environment the kubelet would give the container: envFrom, then env, with $(NAME) references expanded.</summary>
    public Dictionary<string, string> Environment(JsonNode container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var configMap = source!["configMapRef"]?["name"]?.GetValue<string>();
            Assert.True(configMap is not null, "Only ConfigMaps are expected in envFrom.");
            foreach (var (key, value) in Data("ConfigMap", configMap))
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
                environment[name] = Data("Secret", secret["name"]!.GetValue<string>())[secret["key"]!.GetValue<string>()];
            }
        }

        return environment;
    }

    /// <summary>A ConfigMap's or a Secret's data (a Secret's decoded).</summary>
    public Dictionary<string, string> Data(string kind, string name)
    {
        var found = Find(kind, name);
        Assert.True(found is not null, $"overlay {Overlay} has no {kind} {name}.");
        var data = found["data"]?.AsObject().ToDictionary(d => d.Key, d => d.Value!.GetValue<string>(), StringComparer.Ordinal) ?? [];
        return kind == "Secret" ? data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(Convert.FromBase64String(d.Value)), StringComparer.Ordinal) : data;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"Kustomize Version: v(\d+)\.")]
    private static partial Regex KustomizeVersion();
}
