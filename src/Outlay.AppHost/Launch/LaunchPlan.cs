using Outlay.AppHost.Catalog;
using Outlay.AppHost.Options;

namespace Outlay.AppHost.Launch;

/// <summary>
/// Turns the catalog and the options into the instances to start. Every port is chosen up front so
/// that each service can be told the gateway's URL before any of them runs.
/// </summary>
internal static class LaunchPlan
{
    public static IReadOnlyList<ServiceInstance> Create(
        IReadOnlyList<ServiceDefinition> services, AppHostOptions options, AdminLogin admin, Func<ServiceDefinition, string> assemblyPath)
    {
        var ports = new PortAllocator(options.PortBase);
        var slots = services
            .SelectMany(service => Enumerable.Range(1, service.Replicas + service.Canaries).Select(number => (service, number,
                version: number > service.Replicas ? ServiceVersions.Canary : ServiceVersions.Stable,
                port: service.Name == ServiceCatalog.Gateway && options.GatewayPort != 0 ? options.GatewayPort : ports.Next())))
            .ToList();
        var gateway = new GatewayLink($"http://127.0.0.1:{slots.First(s => s.service.Name == ServiceCatalog.Gateway).port}", RegistrationSecret());
        // The gateway, not one Identity instance: it serves Identity's discovery document and JWKS from whichever
        // instance is healthy, so losing one Identity instance does not stop the others' token validation. The
        // issuer claim is Outlay:Auth:Issuer, the same on every service, not derived from this URL.
        var authority = gateway.Url;

        return
        [
            .. slots.Select(s => new ServiceInstance(
                s.service, s.number, s.version, s.port, assemblyPath(s.service), EnvironmentFor(s.service, s.version, s.port, authority, gateway, options, admin))),
        ];
    }

    /// <summary>The gateway's address and the secret that lets instances register with it.</summary>
    private sealed record GatewayLink(string Url, string Secret);

    /// <summary>New on every run: the registry only has to trust the processes this AppHost starts.</summary>
    private static string RegistrationSecret() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>The services read these as ordinary configuration (<c>Outlay:Database:Provider</c> and so on).</summary>
    private static Dictionary<string, string> EnvironmentFor(
        ServiceDefinition service, string version, int port, string authority, GatewayLink gateway, AppHostOptions options, AdminLogin admin)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DOTNET_ENVIRONMENT"] = options.Environment,
            ["ASPNETCORE_ENVIRONMENT"] = options.Environment,
            ["Outlay__Database__DataFolder"] = options.DataFolder,
            ["Outlay__StopWhenStdinCloses"] = "true",
        };

        if (service.Name == ServiceCatalog.Web)
        {
            // The web UI signs users in through the gateway and keeps no database: only its keys go in the data folder.
            environment["Outlay__Web__GatewayUrl"] = gateway.Url;
        }
        else
        {
            environment["Outlay__Auth__Authority"] = authority;
            environment["Outlay__Database__Provider"] = options.PostgresConnectionString is null ? "Sqlite" : "Postgres";
        }

        if (options.PostgresConnectionString is { } postgres && service.Database is { } database)
        {
            environment["Outlay__Database__CreateIfMissing"] = "true";
            environment["Outlay__Database__ConnectionString"] = $"{postgres};Database={database}";
        }

        if (options.Verbosity != LogVerbosity.Verbose)
        {
            // What the ASP.NET Core templates ship in appsettings.json: without it every request and SQL
            // statement fills the shared console. Settings from the caller's environment still win.
            DefaultUnlessSet(environment, "Logging__LogLevel__Microsoft.AspNetCore", "Warning");
            DefaultUnlessSet(environment, "Logging__LogLevel__Microsoft.EntityFrameworkCore", "Warning");
        }

        if (service.Name == ServiceCatalog.Gateway)
        {
            environment["Gateway__Registry__Secret"] = gateway.Secret;
            // As the image and manifests run it: socket work completes on the event threads (see bench/README.md).
            environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        }
        else
        {
            // Every service announces itself to the gateway, which routes to whatever instances are registered.
            environment["Outlay__Gateway__RegistrationUrl"] = gateway.Url;
            environment["Outlay__Gateway__RegistrationSecret"] = gateway.Secret;
            environment["Outlay__Gateway__InstanceUrl"] = $"http://127.0.0.1:{port}";
            environment["Outlay__Gateway__Version"] = version;
        }

        if (service.Name == ServiceCatalog.Identity)
        {
            environment["Identity__Admin__Email"] = admin.Email;
            environment["Identity__Admin__Password"] = admin.Password;
        }

        return environment;
    }

    private static void DefaultUnlessSet(Dictionary<string, string> environment, string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            environment[name] = value;
        }
    }
}
