using System.Text.Json.Nodes;

using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Compose;

/// <summary>deploy/compose.yaml as docker-compose itself resolves it (anchors merged, variables substituted).</summary>
internal static class ComposeFile
{
    public static string PathOnDisk => Repository.PathOf("deploy", "compose.yaml");

    public static Tool DockerCompose() => Tool.Require("docker-compose", "Debian package docker-compose");

    public static ToolResult Config(Tool compose, string envFile) =>
        compose.Run(["--file", PathOnDisk, "--env-file", envFile, "config"], workingDirectory: Repository.Deploy);

    /// <summary>The resolved file with the example settings, once per test run.</summary>
    public static JsonNode Resolved(Tool compose)
    {
        var result = Config(compose, Repository.PathOf("deploy", ".env.example"));
        Assert.True(result.ExitCode == 0, "docker-compose config failed:\n" + result.Everything);
        return Yaml.Parse(result.Output);
    }
}
