using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Containers;

/// <summary>
/// Lint-style checks of the one parameterised Dockerfile. No Docker engine runs here, so the image is
/// not built; CI's "images" job builds it for every deployable.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly Dockerfile Recipe = Dockerfile.Parse(Repository.Read("deploy", "docker", "Dockerfile"));

    [Fact]
    public void Builds_with_the_sdk_and_ships_only_the_aspnet_runtime()
    {
        Assert.True(Recipe.Stages.Count >= 2, "expected a multi-stage build");
        Assert.Contains(Recipe.Stages[0], i => i.Keyword == "FROM" && i.Arguments.Contains("dotnet/sdk", StringComparison.Ordinal));
        var runtimeBase = Recipe.Runtime[0].Arguments;
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:", runtimeBase, StringComparison.Ordinal);
        Assert.DoesNotContain(":latest", runtimeBase, StringComparison.Ordinal);
        Assert.Contains(Recipe.Runtime, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build", StringComparison.Ordinal));
        Assert.DoesNotContain(Recipe.Runtime, i => i.Keyword == "COPY" && i.Arguments.Contains("src/", StringComparison.Ordinal));
    }

    [Fact]
    public void Runs_as_a_non_root_user()
    {
        var user = Assert.Single(Recipe.Runtime, i => i.Keyword == "USER").Arguments;
        var name = user.Split(':')[0];
        Assert.NotEqual("root", name);
        Assert.NotEqual("0", name);
        Assert.Matches("^[1-9][0-9]*(:[1-9][0-9]*)?$", user); // numeric, so runAsNonRoot can verify it
        Assert.Equal("USER", Recipe.Runtime.Last(i => i.Keyword is "USER" or "RUN").Keyword);
    }

    [Fact]
    public void Checks_liveness_and_starts_the_chosen_project_as_pid_1()
    {
        var healthcheck = Assert.Single(Recipe.Runtime, i => i.Keyword == "HEALTHCHECK").Arguments;
        Assert.Contains("/health/live", healthcheck, StringComparison.Ordinal);
        Assert.Matches(@"--timeout=\d+s", healthcheck);

        var entrypoint = Assert.Single(Recipe.Runtime, i => i.Keyword == "ENTRYPOINT").Arguments;
        Assert.StartsWith("[", entrypoint, StringComparison.Ordinal); // exec form
        Assert.Contains("exec dotnet", entrypoint, StringComparison.Ordinal);
        Assert.Contains(Recipe.Runtime, i => i.Keyword == "ENV" && i.Arguments.Contains("OUTLAY_ASSEMBLY=Outlay.${PROJECT}.dll", StringComparison.Ordinal));
        Assert.Contains(Recipe.Runtime, i => i.Keyword == "ENV" && i.Arguments.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal));
        Assert.Contains(Recipe.Runtime, i => i.Keyword == "EXPOSE" && i.Arguments == "8080");
    }

    [Fact]
    public void Every_web_project_can_be_built_with_the_project_argument()
    {
        var publish = Assert.Single(Recipe.Stages[0], i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;
        Assert.Contains("src/Outlay.${PROJECT}/Outlay.${PROJECT}.csproj", publish, StringComparison.Ordinal);
        foreach (var project in Repository.WebProjects())
        {
            Assert.Contains(project, Deployables.ProjectByName.Values);
        }

        // Everything a project build reads from the repository root is copied into the build stage.
        foreach (var rootFile in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains(Recipe.Stages[0], i => i.Keyword == "COPY" && i.Arguments.Contains(rootFile, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Bakes_in_no_secrets_and_leaves_the_root_filesystem_read_only()
    {
        foreach (var instruction in Recipe.Stages.SelectMany(s => s).Where(i => i.Keyword is "ENV" or "ARG" or "LABEL"))
        {
            Assert.DoesNotMatch(SecretName(), instruction.Arguments);
        }

        // The app writes only to /tmp (a tmpfs or emptyDir at run time) and /data (a volume, SQLite mode).
        Assert.Contains(Recipe.Runtime, i => i.Keyword == "ENV" && i.Arguments.Contains("DOTNET_EnableDiagnostics=0", StringComparison.Ordinal));
        Assert.Contains(Recipe.Runtime, i => i.Keyword == "COPY" && i.Arguments.Contains("--chown=root:root", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerignore_keeps_build_output_git_and_secrets_out_of_the_context()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet();
        foreach (var pattern in new[] { "**/bin/", "**/obj/", ".git/", "**/.env", "tests/", "**/*.pfx", "**/*.key" })
        {
            Assert.Contains(pattern, ignored);
        }

        Assert.DoesNotContain("src/", ignored);
    }

    [GeneratedRegex("(?i)(password|secret|token|apikey|api_key|connectionstring)\\s*=")]
    private static partial Regex SecretName();
}
