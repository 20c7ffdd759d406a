namespace Outlay.Deploy.Tests.Infrastructure;

/// <summary>What Outlay ships as container images, by short name (image, compose service, k8s workload) and project.</summary>
internal static class Deployables
{
    public static IReadOnlyDictionary<string, string> ProjectByName { get; } = new Dictionary<string, string>
    {
        ["identity"] = "Identity",
        ["expenses"] = "Expenses",
        ["catalog"] = "Catalog",
        ["ordering"] = "Ordering",
        ["gateway"] = "Gateway",
        ["web"] = "Web",
    };

    public static IEnumerable<string> Names => ProjectByName.Keys;

    /// <summary>Deployables behind the gateway, run as two replicas in compose.</summary>
    public static IEnumerable<string> Replicated => Names.Where(name => name != "gateway");

    /// <summary>Deployables that own a PostgreSQL database.</summary>
    public static IEnumerable<string> WithDatabase => Names.Where(name => name != "web");
}
