using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Compose;

/// <summary>
/// deploy/compose.yaml validated with docker-compose (no engine needed for <c>config</c>). Starting the
/// stack needs a Docker engine, which this machine does not have.
/// </summary>
public sealed partial class ComposeTests
{
    private readonly JsonObject _services;
    private readonly JsonNode _resolved;

    public ComposeTests()
    {
        _resolved = ComposeFile.Resolved(ComposeFile.DockerCompose());
        _services = _resolved["services"]!.AsObject();
    }

    [Fact]
    public void Runs_two_replicas_of_each_service_behind_one_gateway_and_web()
    {
        foreach (var name in Deployables.Replicated)
        {
            foreach (var replica in new[] { 1, 2 })
            {
                var service = _services[$"{name}-{replica}"];
                Assert.True(service is not null, $"compose has no {name}-{replica}");
                var aliases = service["networks"]!["backend"]!["aliases"]!.AsArray().Select(a => a!.GetValue<string>());
                Assert.Contains(name, aliases); // one DNS name for all replicas, like a headless Service
                Assert.EndsWith($"/outlay-{name}:latest", service["image"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Equal(Deployables.ProjectByName[name], service["build"]!["args"]!["PROJECT"]!.GetValue<string>());
            }
        }

        Assert.NotNull(_services["gateway"]);
        Assert.Single(_services["gateway"]!["ports"]!.AsArray());
    }

    [Fact]
    public void Includes_state_and_observability_with_named_volumes()
    {
        foreach (var name in new[] { "postgres", "rabbitmq", "prometheus", "grafana", "node-exporter" })
        {
            Assert.True(_services[name] is not null, $"compose has no {name}");
        }

        Assert.StartsWith("rabbitmq:", _services["rabbitmq"]!["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("management", _services["rabbitmq"]!["image"]!.GetValue<string>(), StringComparison.Ordinal);
        var volumes = _resolved["volumes"]!.AsObject().Select(v => v.Key).ToHashSet();
        foreach (var (service, mountPath) in new[] { ("postgres", "/var/lib/postgresql/data"), ("rabbitmq", "/var/lib/rabbitmq"), ("prometheus", "/prometheus"), ("grafana", "/var/lib/grafana") })
        {
            var mount = _services[service]!["volumes"]!.AsArray().Select(v => v!.GetValue<string>()).Single(v => v.Split(':')[1] == mountPath);
            Assert.Contains(mount.Split(':')[0], volumes);
        }
    }

    [Fact]
    public void Every_outlay_container_is_hardened_and_health_checked_on_readiness()
    {
        foreach (var (name, service) in OutlayServices())
        {
            Assert.True(service["read_only"]!.GetValue<bool>(), name);
            Assert.Contains("ALL", service["cap_drop"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.Contains("no-new-privileges:true", service["security_opt"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.Contains(service["tmpfs"]!.AsArray(), t => t!.GetValue<string>().StartsWith("/tmp", StringComparison.Ordinal));
            var test = string.Join(' ', service["healthcheck"]!["test"]!.AsArray().Select(t => t!.GetValue<string>()));
            Assert.Contains("/health/ready", test, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Start_up_order_waits_for_health_not_just_for_containers()
    {
        foreach (var (name, service) in _services)
        {
            if (service!["depends_on"] is not JsonObject dependencies)
            {
                continue;
            }

            foreach (var (dependency, condition) in dependencies)
            {
                Assert.True(condition!["condition"]!.GetValue<string>() == "service_healthy", $"{name} depends on {dependency} without waiting for health");
                Assert.True(_services[dependency]!["healthcheck"] is not null, $"{dependency} has no health check for {name} to wait on");
            }
        }

        foreach (var name in Deployables.Replicated)
        {
            var dependencies = _services[$"{name}-1"]!["depends_on"]!.AsObject().Select(d => d.Key).ToHashSet();
            Assert.Contains("postgres", dependencies);
            Assert.Contains("rabbitmq", dependencies);
        }

        var gatewayDependencies = _services["gateway"]!["depends_on"]!.AsObject().Select(d => d.Key).ToHashSet();
        Assert.Superset(Deployables.Replicated.Select(n => n + "-1").ToHashSet(), gatewayDependencies);
    }

    [Fact]
    public void Services_are_configured_for_postgres_rabbitmq_and_identity_through_the_environment()
    {
        foreach (var (name, service) in OutlayServices())
        {
            var environment = service["environment"]!.AsObject();
            var shortName = ShortName(name);
            if (shortName == "web")
            {
                // Only what the web UI reads: where the gateway is, and the secret its replicas derive one key from.
                Assert.Equal("http://gateway:8080", environment["Outlay__Web__GatewayUrl"]!.GetValue<string>());
                Assert.StartsWith("change-me-", environment["Outlay__Web__KeyRingSecret"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Null(environment["Outlay__Database__Provider"]);
                continue;
            }

            Assert.Equal("Postgres", environment["Outlay__Database__Provider"]!.GetValue<string>());
            Assert.Equal("http://identity:8080", environment["Outlay__Auth__Authority"]!.GetValue<string>());
            if (shortName == "gateway")
            {
                Assert.Null(environment["Outlay__Messaging__Transport"]);
            }
            else
            {
                Assert.Equal("RabbitMq", environment["Outlay__Messaging__Transport"]!.GetValue<string>());
                Assert.StartsWith("amqp://outlay:change-me-rabbitmq@rabbitmq:5672/", environment["Outlay__Messaging__RabbitMq__Uri"]!.GetValue<string>(), StringComparison.Ordinal);
            }

            if (Deployables.WithDatabase.Contains(shortName))
            {
                Assert.Equal(
                    $"Host=postgres;Database=outlay_{shortName};Username={shortName};Password=change-me-{shortName}",
                    environment["Outlay__Database__ConnectionString"]!.GetValue<string>());
            }
        }

        var databases = _services["postgres"]!["environment"]!["OUTLAY_DATABASES"]!.GetValue<string>().Split(' ');
        Assert.Equal(Deployables.WithDatabase.Order(), databases.Order());
    }

    [Fact]
    public void Operator_ports_listen_on_loopback_only()
    {
        foreach (var name in new[] { "grafana", "prometheus", "rabbitmq" })
        {
            foreach (var port in _services[name]!["ports"]!.AsArray())
            {
                // docker-compose 1.x prints the short form, the compose plugin the long one.
                var hostIp = port is JsonObject longForm ? longForm["host_ip"]?.GetValue<string>() : port!.GetValue<string>().Split(':')[0];
                Assert.Equal("127.0.0.1", hostIp);
            }
        }
    }

    [Fact]
    public void The_file_holds_no_credentials_and_refuses_to_start_without_them()
    {
        var text = File.ReadAllText(ComposeFile.PathOnDisk);
        foreach (Match match in CredentialSetting().Matches(text))
        {
            var value = match.Groups["value"].Value;
            // Required (${NAME:?message}), or explicitly empty where empty has a meaning (a generated password).
            Assert.True(RequiredOrEmptyVariable().IsMatch(value.Trim()),
                $"'{match.Value.Trim()}' must come from a variable without a default (${{NAME:?message}} or ${{NAME:-}})");
        }

        var empty = Path.Combine(Path.GetTempPath(), "outlay-empty-" + Guid.NewGuid().ToString("N") + ".env");
        File.WriteAllText(empty, "");
        try
        {
            var result = ComposeFile.Config(ComposeFile.DockerCompose(), empty);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("in deploy/.env", result.Everything, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
        }

        foreach (var line in Repository.Read("deploy", ".env.example").Split('\n').Where(l => CredentialVariable().IsMatch(l)))
        {
            var value = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
            Assert.True(value.Length == 0 || value.StartsWith("change-me", StringComparison.Ordinal), $".env.example must hold placeholders only: {line}");
        }
    }

    private IEnumerable<(string Name, JsonNode Service)> OutlayServices() =>
        _services.Where(s => Deployables.Names.Contains(ShortName(s.Key))).Select(s => (s.Key, s.Value!));

    private static string ShortName(string composeService) => ReplicaSuffix().Replace(composeService, "");

    [GeneratedRegex(@"-\d+$")]
    private static partial Regex ReplicaSuffix();

    [GeneratedRegex(@"(?im)^\s*[\w-]*(password|pass|secret)[\w-]*\s*:\s*(?<value>.+)$")]
    private static partial Regex CredentialSetting();

    [GeneratedRegex(@"^(\$\{[A-Z_]+:\?[^}]+\}|\$\{[A-Z_]+:-\})$")]
    private static partial Regex RequiredOrEmptyVariable();

    [GeneratedRegex(@"^[A-Z_]*(PASSWORD|SECRET)[A-Z_]*=")]
    private static partial Regex CredentialVariable();
}
