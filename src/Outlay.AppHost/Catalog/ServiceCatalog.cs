using System.Reflection;

namespace Outlay.AppHost.Catalog;

/// <param name="Name">Short name: log prefix, instance id, and what the ready table shows.</param>
/// <param name="AssemblyName">The service project's assembly; the project must also be referenced in Outlay.AppHost.csproj.</param>
/// <param name="Database">PostgreSQL database name, or null for a service without a database.</param>
/// <param name="Replicas">Instances to start, each on its own port.</param>
internal sealed record ServiceDefinition(string Name, string AssemblyName, string? Database, int Replicas);

internal static class ServiceCatalog
{
    /// <summary>Issues the tokens every other service validates, so its URL is their authority.</summary>
    public const string Identity = "identity";

    public static IReadOnlyList<ServiceDefinition> All { get; } =
    [
        new(Identity, "Outlay.Identity", Database: "outlay_identity", Replicas: 1),
        new("expenses", "Outlay.Expenses", Database: "outlay_expenses", Replicas: 1),
        new("catalog", "Outlay.Catalog", Database: "outlay_catalog", Replicas: 1),
        new("ordering", "Outlay.Ordering", Database: "outlay_ordering", Replicas: 1),
    ];

    /// <summary>
    /// The build bakes the path of each referenced service assembly into the AppHost (see the csproj), so
    /// the dll is found whatever configuration or output folder it was built with.
    /// </summary>
    public static string? FindBuiltAssembly(ServiceDefinition service) =>
        typeof(ServiceCatalog).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "OutlayService:" + service.AssemblyName)?.Value;
}
