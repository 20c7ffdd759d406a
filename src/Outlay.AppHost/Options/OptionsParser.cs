using System.Globalization;

using Outlay.AppHost.Catalog;

namespace Outlay.AppHost.Options;

internal sealed record ParseResult(AppHostOptions? Options, string? Error, bool ShowHelp);

/// <summary>
/// Reads the few options by hand rather than through a command-line package: the AppHost is a
/// developer tool that should build with nothing but the SDK. Command-line options win over
/// configuration given as environment variables (<c>Outlay__AppHost__DataFolder</c> etc.).
/// </summary>
internal static class OptionsParser
{
    public const string Usage = """
        Starts every Outlay service on this machine and prints where they run.

        Usage: dotnet run --project src/Outlay.AppHost -- [options]

        Options:
          --data <dir>             Data folder (SQLite files, admin password). Default: ./.outlay
                                   Configuration: Outlay__AppHost__DataFolder or OUTLAY_DATA.
          --postgres <cs>          Use PostgreSQL; <cs> is a connection string without Database
                                   (each service gets its own database outlay_<service>, created if missing).
                                   Configuration: Outlay__AppHost__Postgres.
          --port-base <n>          Fixed ports n, n+1, ... instead of free ones.
                                   Configuration: Outlay__AppHost__PortBase.
          --gateway-port <n>       Port of the gateway, the one address users need. Default: 8080;
                                   0 picks a free port. Configuration: Outlay__AppHost__GatewayPort.
          --replicas <n>           Instances of every service except the gateway (1 to 8), each on a free
                                   port, registered with the gateway, which balances over them. Default: 2.
                                   Configuration: Outlay__AppHost__Replicas.
          --canary <service>[=<n>] Also start n (default 1) instances of <service> registered as version v2,
                                   for a canary or strangler split set at the gateway (web UI: Admin >
                                   Gateway). Repeatable. Configuration: Outlay__AppHost__Canary
                                   (e.g. identity,catalog=2).
          --environment <name>     Environment of the services. Default: Development.
                                   Configuration: Outlay__AppHost__Environment.
          --ready-timeout <secs>   How long to wait for the services to become ready. Default: 180.
          --quiet                  Show only warnings and errors of the services.
          --verbose                Show the services' JSON log lines unmodified.
          -h, --help               Show this help.
        """;

    public static ParseResult Parse(IReadOnlyList<string> args, Func<string, string?> environment, string currentDirectory)
    {
        string? data = Setting(environment, "DataFolder") ?? NonEmpty(environment("OUTLAY_DATA"));
        string? postgres = Setting(environment, "Postgres");
        string? portBase = Setting(environment, "PortBase");
        string? gatewayPort = Setting(environment, "GatewayPort");
        string? replicas = Setting(environment, "Replicas");
        string? hostEnvironment = Setting(environment, "Environment");
        string? readyTimeout = Setting(environment, "ReadyTimeoutSeconds");
        var canaries = new List<string>((Setting(environment, "Canary") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var verbosity = LogVerbosity.Normal;

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            switch (name)
            {
                case "-h" or "--help" or "-?":
                    return new ParseResult(null, null, ShowHelp: true);
                case "--quiet" or "-q":
                    verbosity = LogVerbosity.Quiet;
                    continue;
                case "--verbose" or "-v":
                    verbosity = LogVerbosity.Verbose;
                    continue;
                case not ("--data" or "--postgres" or "--port-base" or "--gateway-port" or "--replicas" or "--canary" or "--environment" or "--ready-timeout"):
                    return Fail($"Unknown option {args[i]}; see --help.");
            }

            string? value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                return Fail($"Option {name} needs a value.");
            }

            switch (name)
            {
                case "--data":
                    data = value;
                    break;
                case "--postgres":
                    postgres = value;
                    break;
                case "--port-base":
                    portBase = value;
                    break;
                case "--gateway-port":
                    gatewayPort = value;
                    break;
                case "--replicas":
                    replicas = value;
                    break;
                case "--canary":
                    canaries.Add(value);
                    break;
                case "--environment":
                    hostEnvironment = value;
                    break;
                case "--ready-timeout":
                    readyTimeout = value;
                    break;
            }
        }

        int? port = null;
        if (portBase is not null)
        {
            if (!int.TryParse(portBase, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65000)
            {
                return Fail($"--port-base must be a port number between 1 and 65000, not '{portBase}'.");
            }

            port = parsed;
        }

        var gateway = 8080;
        if (gatewayPort is not null
            && (!int.TryParse(gatewayPort, NumberStyles.None, CultureInfo.InvariantCulture, out gateway) || gateway > 65535))
        {
            return Fail($"--gateway-port must be a port number (0 for a free one), not '{gatewayPort}'.");
        }

        var instances = ReplicaCounts.Default;
        if (replicas is not null
            && (!int.TryParse(replicas, NumberStyles.None, CultureInfo.InvariantCulture, out instances) || instances is < 1 or > ReplicaCounts.Maximum))
        {
            return Fail($"--replicas must be a number from 1 to {ReplicaCounts.Maximum}, not '{replicas}'.");
        }

        var canaryCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var canary in canaries)
        {
            if (ParseCanary(canary) is not var (service, count))
            {
                return Fail($"--canary takes a service ({string.Join(", ", ServiceCatalog.BehindTheGateway)}) and an optional count from 1 to {ReplicaCounts.Maximum}, e.g. identity or catalog=2; not '{canary}'.");
            }

            canaryCounts[service] = count;
        }

        var timeout = TimeSpan.FromSeconds(180);
        if (readyTimeout is not null)
        {
            if (!int.TryParse(readyTimeout, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                return Fail($"--ready-timeout must be a positive number of seconds, not '{readyTimeout}'.");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        if (postgres is not null && string.IsNullOrWhiteSpace(postgres))
        {
            return Fail("--postgres needs a connection string, e.g. \"Host=localhost;Username=outlay;Password=...\".");
        }

        var options = new AppHostOptions
        {
            DataFolder = Path.GetFullPath(data ?? ".outlay", currentDirectory),
            PostgresConnectionString = postgres?.Trim().TrimEnd(';'),
            PortBase = port,
            GatewayPort = gateway,
            Replicas = instances,
            Canaries = canaryCounts,
            Environment = NonEmpty(hostEnvironment) ?? "Development",
            Verbosity = verbosity,
            ReadyTimeout = timeout,
        };
        return new ParseResult(options, null, ShowHelp: false);
    }

    private static ParseResult Fail(string error) => new(null, error, ShowHelp: false);

    private static (string Service, int Count)? ParseCanary(string value)
    {
        var parts = value.Split('=', 2);
        var service = parts[0].Trim().ToLowerInvariant();
        var count = 1;
        if (!ServiceCatalog.BehindTheGateway.Contains(service)
            || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > ReplicaCounts.Maximum)))
        {
            return null;
        }

        return (service, count);
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    /// <summary>Same key spelling as the services' configuration, in both environment-variable forms.</summary>
    private static string? Setting(Func<string, string?> environment, string key) =>
        NonEmpty(environment("Outlay__AppHost__" + key)) ?? NonEmpty(environment("Outlay:AppHost:" + key));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
