using System.Reflection;

namespace Outlay.AppHost.Catalog;

/// <param name="Name">Short name: log prefix, instance id, and what the ready table shows.</param>
/// <param name="AssemblyName">The service project's assembly; the project must also be referenced in Outlay.AppHost.csproj.</param>
/// <param name="Database">PostgreSQL database name, or null for a service without a database.</param>
/// <param name="Replicas">Instances to start, each on its own port.</param>
/// <param name="Canaries">Further instances registered as version <see cref="ServiceVersions.Canary"/>: the gateway splits traffic between versions.</param>
internal sealed record ServiceDefinition(string Name, string AssemblyName, string? Database, int Replicas, int Canaries = 0);

/// <summary>The version labels instances register with; an operator sets the split between them at the gateway.</summary>
internal static class ServiceVersions
{
    public const string Stable = "v1";

    public const string Canary = "v2";
}

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

    /// <summary>The services that run behind the gateway, so can have several instances and canaries.</summary>
    public static IReadOnlyList<string> BehindTheGateway { get; } = [Identity, "expenses", "catalog", "ordering", Web];

    /// <summary>
    /// Every service with <paramref name="replicas"/> instances (plus its canaries), except the gateway: it is the
    /// one well-known address, and the others register with it.
    /// </summary>
    public static IReadOnlyList<ServiceDefinition> WithReplicas(int replicas, IReadOnlyDictionary<string, int>? canaries = null)
    {
        int Canaries(string service) => canaries?.GetValueOrDefault(service) ?? 0;
        return
        [
            new(Gateway, "Outlay.Gateway", Database: "outlay_gateway", Replicas: 1),
            new(Identity, "Outlay.Identity", Database: "outlay_identity", replicas, Canaries(Identity)),
            new("expenses", "Outlay.Expenses", Database: "outlay_expenses", replicas, Canaries("expenses")),
            new("catalog", "Outlay.Catalog", Database: "outlay_catalog", replicas, Canaries("catalog")),
            new("ordering", "Outlay.Ordering", Database: "outlay_ordering", replicas, Canaries("ordering")),
            new(Web, "Outlay.Web", Database: null, replicas, Canaries(Web)),
        ];
    }

    /// <summary>
    /// The build bakes the path of each referenced service assembly into the AppHost (see the csproj), so
    /// the dll is found whatever configuration or output folder it was built with.
    /// </summary>
    public static string? FindBuiltAssembly(ServiceDefinition service) =>
        typeof(ServiceCatalog).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "OutlayService:" + service.AssemblyName)?.Value;
}
