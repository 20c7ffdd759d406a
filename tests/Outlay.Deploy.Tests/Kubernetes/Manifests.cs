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

    [GeneratedRegex(@"Kustomize Version: v(\d+)\.")]
    private static partial Regex KustomizeVersion();
}
