using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Compose;
using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Monitoring;

/// <summary>The scrape configurations, checked by promtool and against the deployments they scrape.</summary>
public sealed partial class PrometheusConfigTests
{
    [Fact]
    public void Compose_configuration_passes_promtool()
    {
        PrometheusTools.Require().Succeeds("check", "config", Path.Combine(PrometheusTools.PrometheusFolder, "prometheus.yml"));
    }

    [Fact]
    public void Compose_configuration_scrapes_every_replica_by_its_container_name()
    {
        var config = Yaml.ParseFile("deploy", "prometheus", "prometheus.yml");
        var targets = config["scrape_configs"]!.AsArray().ToDictionary(
            job => job!["job_name"]!.GetValue<string>(),
            job => job!["static_configs"]!.AsArray().SelectMany(s => s!["targets"]!.AsArray().Select(t => t!.GetValue<string>())).ToList());
        foreach (var name in Deployables.Replicated)
        {
            Assert.Equal([$"{name}-1:8080", $"{name}-2:8080"], targets[name]);
        }

        Assert.Equal(["gateway:8080"], targets["gateway"]);
        Assert.Equal(["node-exporter:9100"], targets["node"]);

        // Every target host is a compose service, so the names resolve on the compose network.
        var services = ComposeFile.Resolved(ComposeFile.DockerCompose())["services"]!.AsObject().Select(s => s.Key).ToHashSet();
        foreach (var host in targets.Values.SelectMany(t => t).Select(t => t.Split(':')[0]).Where(h => h != "localhost"))
        {
            Assert.Contains(host, services);
        }

        // Outlay jobs carry system="outlay", which the alert rules select on.
        foreach (var job in config["scrape_configs"]!.AsArray().Where(j => Deployables.Names.Contains(j!["job_name"]!.GetValue<string>())))
        {
            Assert.All(job!["static_configs"]!.AsArray(), s => Assert.Equal("outlay", s!["labels"]!["system"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Local_configuration_passes_promtool_and_reads_the_targets_the_AppHost_writes()
    {
        var path = Path.Combine(PrometheusTools.PrometheusFolder, "prometheus-local.yml");
        var result = PrometheusTools.Require().Run(["check", "config", path]);
        // Without a local run there is no targets file yet: promtool warns about that, and nothing else may fail.
        Assert.True(result.ExitCode == 0, result.Everything);

        var job = Assert.Single(Yaml.ParseFile("deploy", "prometheus", "prometheus-local.yml")["scrape_configs"]!.AsArray())!;
        var file = Assert.Single(job["file_sd_configs"]!.AsArray().SelectMany(sd => sd!["files"]!.AsArray()))!.GetValue<string>();
        // Relative to this file: the repository root's .outlay, the AppHost's default data folder, then prometheus/targets.json.
        Assert.Equal(Path.Combine(Repository.Root, ".outlay", "prometheus", "targets.json"), Path.GetFullPath(Path.Combine(PrometheusTools.PrometheusFolder, file)));
        Assert.Equal("rules/*.yml", Assert.Single(Yaml.ParseFile("deploy", "prometheus", "prometheus-local.yml")["rule_files"]!.AsArray())!.GetValue<string>());
    }

    /// <summary>
    /// Debian's Prometheus is built without Kubernetes service discovery, so its promtool rejects the
    /// kubernetes_sd_configs key itself. Everything else (relabelling regexes, rule files, globals) is checked
    /// by promtool with that block swapped for an empty static one; the discovery blocks are checked here.
    /// </summary>
    [Fact]
    public void Kubernetes_configuration_passes_promtool_apart_from_the_discovery_block()
    {
        var path = Path.Combine(PrometheusTools.PrometheusFolder, "prometheus-k8s.yml");
        var config = Yaml.Parse(File.ReadAllText(path));
        foreach (var job in config["scrape_configs"]!.AsArray())
        {
            var discovery = job!["kubernetes_sd_configs"]!.AsArray();
            Assert.All(discovery, d => Assert.Contains(d!["role"]!.GetValue<string>(), new[] { "pod", "endpoints", "service", "node" }));
        }

        var text = DiscoveryBlock().Replace(File.ReadAllText(path), "    static_configs: []\n");
        var copy = Path.Combine(PrometheusTools.PrometheusFolder, $".check-{Guid.NewGuid():N}.yml");
        File.WriteAllText(copy, text);
        try
        {
            PrometheusTools.Require().Succeeds("check", "config", copy);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void Kubernetes_configuration_names_jobs_like_compose_does()
    {
        var config = Yaml.ParseFile("deploy", "prometheus", "prometheus-k8s.yml");
        var pods = config["scrape_configs"]!.AsArray().Single(j => j!["job_name"]!.GetValue<string>() == "kubernetes-pods")!;
        var relabel = pods["relabel_configs"]!.AsArray();
        Assert.Contains(relabel, r => r!["target_label"]?.GetValue<string>() == "job"
            && r["source_labels"]!.AsArray().Single()!.GetValue<string>() == "__meta_kubernetes_pod_label_app_kubernetes_io_name");
        Assert.Contains(relabel, r => r!["target_label"]?.GetValue<string>() == "system");
        Assert.Contains(relabel, r => r!["action"]?.GetValue<string>() == "keep"
            && r["source_labels"]!.AsArray().Single()!.GetValue<string>() == "__meta_kubernetes_pod_annotation_prometheus_io_scrape");

        var namespaces = pods["kubernetes_sd_configs"]!.AsArray().Single()!["namespaces"]!["names"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["outlay", "outlay-dev"], namespaces.Order());
    }

    [Fact]
    public void Kubernetes_samples_carry_the_pod_version_that_tells_a_canary_from_the_stable_pods()
    {
        var config = Yaml.ParseFile("deploy", "prometheus", "prometheus-k8s.yml");
        var pods = config["scrape_configs"]!.AsArray().Single(j => j!["job_name"]!.GetValue<string>() == "kubernetes-pods")!;
        var versionRule = Assert.Single(pods["relabel_configs"]!.AsArray(), r => r!["target_label"]?.GetValue<string>() == "version")!;
        var source = versionRule["source_labels"]!.AsArray().Single()!.GetValue<string>();

        // The rule reads the very label the canary overlay gives its pods, and both versions' pods are scraped.
        var manifests = Kubernetes.Manifests.Render("dev-canary");
        foreach (var (deployment, version) in new[] { ("catalog", "v1"), ("catalog-v2", "v2") })
        {
            var workload = manifests.Find("Deployment", deployment)!;
            Assert.Equal(version, Kubernetes.Manifests.PodLabels(workload)["version"]);
            Assert.Equal("__meta_kubernetes_pod_label_version", source);
            Assert.Equal("true", workload["spec"]!["template"]!["metadata"]!["annotations"]!["prometheus.io/scrape"]!.GetValue<string>());
        }
    }

    [GeneratedRegex(@"    kubernetes_sd_configs:\n(      .*\n|        .*\n)+")]
    private static partial Regex DiscoveryBlock();
}
