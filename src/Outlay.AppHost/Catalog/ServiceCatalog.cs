using System.Reflection;

namespace Outlay.AppHost.Catalog;

/// <param name="Name">Short name: log prefix, instance id, and what the ready table shows.</param>
/// <param name="AssemblyName">The service project's assembly; the project must also be referenced in Outlay.AppHost.csproj.</param>
/// <param name="Database">PostgreSQL database name, or null for a service without a database.</param>
/// <param name="Replicas">Instances to start, each on its own port.</param>
internal sealed record ServiceDefinition(string Name, string AssemblyName, string? Database, int Replicas);

/// <summary>How many instances of each service one run starts.</summary>
internal static class ReplicaCounts
{
    /// <summary>Two by default: every run then exercises what production relies on (balancing, shared state, competing consumers).</summary>
    public const int Default = 2;

    public const int Maximum = 8;
}

internal static class ServiceCatalog
{
    /// <summary>Issues the tokens every other service validates, so its URL is their authority.</summary>
    public const string Identity = "identity";

    /// <summary>The one address users need; every other service registers with it.</summary>
    public const string Gateway = "gateway";

    /// <summary>The browser UI: calls the APIs through the gateway, has no database of its own.</summary>
    public const string Web = "web";

    /// <summary>
    /// Every service with <paramref name="replicas"/> instances, except the gateway: it is the one well-known
    /// address, and the others register with it.
    /// </summary>
    public static IReadOnlyList<ServiceDefinition> WithReplicas(int replicas) =>
    [
        new(Gateway, "Outlay.Gateway", Database: null, Replicas: 1),
        new(Identity, "Outlay.Identity", Database: "outlay_identity", replicas),
        new("expenses", "Outlay.Expenses", Database: "outlay_expenses", replicas),
        new("catalog", "Outlay.Catalog", Database: "outlay_catalog", replicas),
        new("ordering", "Outlay.Ordering", Database: "outlay_ordering", replicas),
        new(Web, "Outlay.Web", Database: null, replicas),
    ];

    /// <summary>
    /// The build bakes the path of each referenced service assembly into the AppHost (see the csproj), so
    /// the dll is found whatever configuration or output folder it was built with.
    /// </summary>
    public static string? FindBuiltAssembly(ServiceDefinition service) =>
        typeof(ServiceCatalog).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "OutlayService:" + service.AssemblyName)?.Value;
}
