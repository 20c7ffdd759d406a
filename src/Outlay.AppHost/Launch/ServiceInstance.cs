using Outlay.AppHost.Catalog;

namespace Outlay.AppHost.Launch;

/// <summary>One process to run: a service, which replica, where it listens and what it is told.</summary>
internal sealed record ServiceInstance(
    ServiceDefinition Service,
    int Number,
    string Version,
    int Port,
    string AssemblyPath,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Used in AppHost messages: <c>identity#1</c>.</summary>
    public string Id => $"{Service.Name}#{Number}";

    /// <summary>Prefix of the service's own log lines; the replica number only when there are several.</summary>
    public string LogName => Service.Replicas + Service.Canaries == 1 ? Service.Name : Id;

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>What Prometheus scrapes: host and port.</summary>
    public string HostAndPort => $"127.0.0.1:{Port}";

    public Uri Url => new(Address);
}
