using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Kubernetes;

/// <summary>
/// Every overlay rendered with <c>kubectl kustomize</c> and checked for the invariants an operator relies
/// on, on every workload. Applying them needs a cluster, which this machine does not have.
/// </summary>
public sealed partial class KustomizeTests
{
    public static TheoryData<string> Overlays => [.. Manifests.Overlays];

    [Fact]
    public void There_is_a_dev_and_a_prod_overlay()
    {
        Assert.Contains("dev", Manifests.Overlays);
        Assert.Contains("prod", Manifests.Overlays);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_deployable_is_a_deployment_with_probes_on_its_health_endpoints(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        // A Deployment per deployable, named after it; a canary (deploy/k8s/components) is a further one, <deployable>-<version>.
        Assert.Equal(Deployables.Names.Order(), manifests.Deployments.Select(Manifests.Deployable).Distinct().Order());
        Assert.All(Deployables.Names, name => Assert.NotNull(manifests.Find("Deployment", name)));
        foreach (var deployment in manifests.Deployments)
        {
            var container = Assert.Single(Manifests.Containers(deployment));
            var name = Manifests.Deployable(deployment);
            Assert.True(Manifests.Name(deployment) == name || Manifests.Name(deployment) == $"{name}-{Manifests.Version(deployment)}",
                $"{overlay}: Deployment {Manifests.Name(deployment)} is neither {name} nor {name}-<version>");
            Assert.Equal("/health/ready", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal("/health/live", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal(8080L, container["ports"]!.AsArray().Single()!["containerPort"]!.GetValue<long>());
            Assert.StartsWith($"ghcr.io/outlay/outlay-{name}:", container["image"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(deployment["spec"]!["replicas"]!.GetValue<long>() >= 2, $"{Manifests.Name(deployment)} needs at least two replicas");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_workload_is_locked_down_and_sized(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        foreach (var workload in manifests.Workloads)
        {
            var where = $"{overlay}/{Manifests.Kind(workload)}/{Manifests.Name(workload)}";
            var pod = Manifests.PodSpec(workload);
            Assert.False(pod["automountServiceAccountToken"]?.GetValue<bool>() ?? true, $"{where}: service account token mounted");
            Assert.Equal("RuntimeDefault", pod["securityContext"]?["seccompProfile"]?["type"]?.GetValue<string>());
            Assert.Null(pod["hostNetwork"]);
            Assert.Null(pod["hostPID"]);
            foreach (var container in Manifests.Containers(workload))
            {
                var security = container["securityContext"]!;
                Assert.True(security["runAsNonRoot"]?.GetValue<bool>() ?? pod["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() ?? false, $"{where}: may run as root");
                Assert.True(security["allowPrivilegeEscalation"]?.GetValue<bool>() == false, $"{where}: privilege escalation allowed");
                Assert.True(security["readOnlyRootFilesystem"]?.GetValue<bool>() == true, $"{where}: writable root filesystem");
                Assert.Null(security["privileged"]);
                Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
                Assert.Null(security["capabilities"]!["add"]);
                foreach (var kind in new[] { "requests", "limits" })
                {
                    foreach (var resource in new[] { "cpu", "memory" })
                    {
                        Assert.True(container["resources"]?[kind]?[resource] is not null, $"{where}: no {resource} {kind}");
                    }
                }

                Assert.True(container["readinessProbe"] is not null && container["livenessProbe"] is not null, $"{where}: probes missing");
                var image = container["image"]!.GetValue<string>();
                Assert.True(image.Contains(':', StringComparison.Ordinal) && !image.EndsWith(":latest", StringComparison.Ordinal), $"{where}: image {image} is not pinned");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_deployment_has_a_disruption_budget_an_autoscaler_and_a_headless_service(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        foreach (var deployment in manifests.Deployments)
        {
            var name = Manifests.Name(deployment);
            var podLabels = Manifests.Labels(deployment["spec"]!["template"]!["metadata"]!["labels"]);

            var budget = Assert.Single(manifests.OfKind("PodDisruptionBudget"), p => Manifests.Selects(p["spec"]!["selector"]!["matchLabels"], podLabels));
            Assert.True(budget["spec"]!["maxUnavailable"] is not null || budget["spec"]!["minAvailable"] is not null);

            var autoscaler = Assert.Single(manifests.OfKind("HorizontalPodAutoscaler"), h => h["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>() == name);
            Assert.Equal("autoscaling/v2", autoscaler["apiVersion"]!.GetValue<string>());
            var minimum = autoscaler["spec"]!["minReplicas"]!.GetValue<long>();
            Assert.True(minimum >= 2 && autoscaler["spec"]!["maxReplicas"]!.GetValue<long>() > minimum, $"{name}: autoscaler range");

            var services = manifests.OfKind("Service").Where(s => Manifests.Selects(s["spec"]!["selector"], podLabels)).ToList();
            Assert.Contains(services, s => Manifests.Name(s) == name && s["spec"]!["clusterIP"] is null);
            Assert.Contains(services, s => Manifests.Name(s) == name + "-headless" && s["spec"]!["clusterIP"]!.GetValue<string>() == "None");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_gateway_alone_is_exposed_through_a_tls_ingress(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        var ingress = Assert.Single(manifests.OfKind("Ingress"));
        var tlsHosts = ingress["spec"]!["tls"]!.AsArray().SelectMany(t => t!["hosts"]!.AsArray().Select(h => h!.GetValue<string>())).ToHashSet();
        Assert.All(ingress["spec"]!["tls"]!.AsArray(), t => Assert.False(string.IsNullOrEmpty(t!["secretName"]?.GetValue<string>())));
        foreach (var rule in ingress["spec"]!["rules"]!.AsArray())
        {
            Assert.Contains(rule!["host"]!.GetValue<string>(), tlsHosts);
            Assert.All(rule["http"]!["paths"]!.AsArray(), p => Assert.Equal("gateway", p!["backend"]!["service"]!["name"]!.GetValue<string>()));
        }

        Assert.Equal("true", ingress["metadata"]!["annotations"]!["nginx.ingress.kubernetes.io/force-ssl-redirect"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_referenced_config_and_secret_exists_and_secrets_hold_placeholders_only(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        var configMaps = manifests.OfKind("ConfigMap").ToDictionary(Manifests.Name);
        var secrets = manifests.OfKind("Secret").ToDictionary(Manifests.Name);
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in Manifests.Containers(workload))
            {
                var defined = new HashSet<string>(StringComparer.Ordinal);
                foreach (var source in container["envFrom"]?.AsArray() ?? [])
                {
                    var map = configMaps[source!["configMapRef"]!["name"]!.GetValue<string>()];
                    defined.UnionWith(map["data"]!.AsObject().Select(d => d.Key));
                }

                foreach (var variable in container["env"]?.AsArray() ?? [])
                {
                    if (variable!["valueFrom"]?["secretKeyRef"] is { } secretRef)
                    {
                        var secret = secrets[secretRef["name"]!.GetValue<string>()];
                        Assert.NotNull(secret["data"]![secretRef["key"]!.GetValue<string>()]);
                    }

                    // The kubelet expands $(NAME) only from variables defined before this one.
                    foreach (Match reference in VariableReference().Matches(variable["value"]?.GetValue<string>() ?? ""))
                    {
                        Assert.True(defined.Contains(reference.Groups[1].Value), $"{Manifests.Name(workload)}: $({reference.Groups[1].Value}) is not defined before {variable["name"]}");
                    }

                    defined.Add(variable["name"]!.GetValue<string>());
                }
            }

            foreach (var volume in Manifests.PodSpec(workload)["volumes"]?.AsArray() ?? [])
            {
                if (volume!["configMap"] is { } map)
                {
                    Assert.True(configMaps.ContainsKey(map["name"]!.GetValue<string>()), $"missing ConfigMap {map["name"]}");
                }
            }
        }

        foreach (var (name, secret) in secrets)
        {
            foreach (var (key, value) in secret["data"]!.AsObject())
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(value!.GetValue<string>()));
                Assert.True(text.Length == 0 || text.StartsWith("placeholder-", StringComparison.Ordinal) || key == "username",
                    $"{overlay}: Secret {name}/{key} holds something other than a placeholder");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Everything_lands_in_a_restricted_namespace(string overlay)
    {
        var manifests = Manifests.Render(overlay);
        var ns = Assert.Single(manifests.OfKind("Namespace"));
        Assert.Equal("restricted", ns["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]!.GetValue<string>());
        foreach (var o in manifests.Objects.Where(o => Manifests.Kind(o) != "Namespace"))
        {
            Assert.Equal(Manifests.Name(ns), o["metadata"]!["namespace"]?.GetValue<string>());
            Assert.Equal("outlay", o["metadata"]!["labels"]?["app.kubernetes.io/part-of"]?.GetValue<string>());
        }
    }

    [Fact]
    public void Dev_runs_its_own_postgres_and_rabbitmq_and_prod_does_not()
    {
        var dev = Manifests.Render("dev");
        var statefulSets = dev.OfKind("StatefulSet").ToDictionary(Manifests.Name);
        Assert.Equal(["postgres", "rabbitmq"], statefulSets.Keys.Order());
        foreach (var set in statefulSets.Values)
        {
            Assert.NotEmpty(set["spec"]!["volumeClaimTemplates"]!.AsArray());
            var service = dev.Find("Service", set["spec"]!["serviceName"]!.GetValue<string>());
            Assert.Equal("None", service!["spec"]!["clusterIP"]!.GetValue<string>());
        }

        var init = dev.OfKind("ConfigMap").Single(c => Manifests.Name(c).StartsWith("postgres-init", StringComparison.Ordinal));
        Assert.Equal(Repository.Read("deploy", "postgres", "init-databases.sh"), init["data"]!["init-databases.sh"]!.GetValue<string>());
        var databases = Manifests.Containers(statefulSets["postgres"]).Single()["env"]!.AsArray()
            .Single(e => e!["name"]!.GetValue<string>() == "OUTLAY_DATABASES")!["value"]!.GetValue<string>().Split(' ');
        Assert.Equal(Deployables.WithDatabase.Order(), databases.Order());

        Assert.Empty(Manifests.Render("prod").OfKind("StatefulSet"));
    }

    [Fact]
    public void Prod_is_larger_than_dev_and_pins_release_images()
    {
        var dev = Manifests.Render("dev");
        var prod = Manifests.Render("prod");
        foreach (var name in Deployables.Names)
        {
            var devReplicas = dev.Find("Deployment", name)!["spec"]!["replicas"]!.GetValue<long>();
            var prodReplicas = prod.Find("Deployment", name)!["spec"]!["replicas"]!.GetValue<long>();
            Assert.True(prodReplicas > devReplicas, $"{name}: prod {prodReplicas} replicas, dev {devReplicas}");
            var image = Manifests.Containers(prod.Find("Deployment", name)!).Single()["image"]!.GetValue<string>();
            Assert.Matches(@":\d+\.\d+\.\d+$", image);
        }

        Assert.Equal("letsencrypt", prod.OfKind("Ingress").Single()["metadata"]!["annotations"]!["cert-manager.io/cluster-issuer"]!.GetValue<string>());
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
