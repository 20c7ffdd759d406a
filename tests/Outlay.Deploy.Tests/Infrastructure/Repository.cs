namespace Outlay.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository under test, found from the test binary upwards.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>The deployables: every web project under src/ (the AppHost and libraries are not deployed).</summary>
    public static IReadOnlyList<string> WebProjects() =>
        [
            .. Directory.GetDirectories(PathOf("src"), "Outlay.*")
                .Select(dir => (Name: Path.GetFileName(dir)["Outlay.".Length..], Project: Path.Combine(dir, Path.GetFileName(dir) + ".csproj")))
                .Where(p => File.Exists(p.Project) && File.ReadAllText(p.Project).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal))
                .Select(p => p.Name)
                .Order(StringComparer.Ordinal),
        ];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outlay.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Outlay.slnx not found above " + AppContext.BaseDirectory);
    }
}
