using System.Text.RegularExpressions;

using Outlay.Deploy.Tests.Containers;
using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Settings;

/// <summary>
/// Runs a deployable's built binary with the environment a deploy file gives its container, in the binary's
/// check-only mode: it builds its whole configuration (the gateway validates its route table and clusters), reports
/// every Outlay setting it does not read, and exits without opening a port or a connection.
/// </summary>
internal static partial class ServiceBinaries
{
    /// <summary>The services built with this test project (through the AppHost's references), same configuration.</summary>
    public static string AssemblyOf(string deployable)
    {
        var project = "Outlay." + Deployables.ProjectByName[deployable];
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Repository.PathOf("src", project, "bin", configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(path), $"{path} is not built; build tests/Outlay.Deploy.Tests (it builds the AppHost and every service).");
        return path;
    }

    /// <summary>What the image itself sets (ENV of the runtime stage), under what the deploy file adds.</summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment()
    {
        var recipe = Dockerfile.Parse(Repository.Read("deploy", "docker", "Dockerfile"));
        return recipe.Runtime.Where(i => i.Keyword == "ENV")
            .SelectMany(i => EnvAssignment().Matches(i.Arguments))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
    }

    public static ToolResult Check(string deployable, IReadOnlyDictionary<string, string> containerEnvironment)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in ImageEnvironment().Concat(containerEnvironment))
        {
            environment[name] = value;
        }

        environment["OUTLAY_CHECK_CONFIGURATION"] = "1";
        // Never bind the container's port here, whatever the process gets to before it exits.
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        environment.Remove("ASPNETCORE_HTTP_PORTS");
        var dotnet = Tool.Require("dotnet", "the .NET SDK");
        return dotnet.Run([AssemblyOf(deployable)], workingDirectory: Path.GetTempPath(), environment: environment);
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S*)")]
    private static partial Regex EnvAssignment();
}
