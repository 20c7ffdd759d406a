using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Outlay.ServiceDefaults.Configuration;

/// <summary>
/// Warns at start-up about every setting under Outlay's own roots that this service does not read: a misspelt or
/// misplaced key (a deployment file naming an option the code calls something else) otherwise fails silently, the
/// service running on a default. With <c>OUTLAY_CHECK_CONFIGURATION=1</c> the process only checks, prints the
/// result and exits (0: every key is read; 3: some are not), which is how the deploy files are tested.
/// </summary>
internal sealed partial class UnknownSettingsCheck(
    IConfiguration configuration, IEnumerable<DeclaredSetting> declared, IHostEnvironment environment, ILogger<UnknownSettingsCheck> logger) : IHostedService
{
    public const string CheckOnlyVariable = "OUTLAY_CHECK_CONFIGURATION";

    /// <summary>The configuration roots Outlay's services own; keys elsewhere (Logging, Kestrel, ASPNETCORE_...) are the framework's.</summary>
    private static readonly string[] OwnedRoots = ["Outlay", "Gateway", "Identity", "Expenses", "Catalog", "Ordering"];

    /// <summary>Read by the AppHost, and passed down to the services it starts with the rest of its environment.</summary>
    private const string AppHostSection = "Outlay:AppHost";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var unknown = UnknownKeys();
        if (Environment.GetEnvironmentVariable(CheckOnlyVariable) == "1")
        {
            Console.Out.WriteLine(unknown.Count == 0
                ? $"configuration check ({environment.ApplicationName}): every Outlay setting is read"
                : $"configuration check ({environment.ApplicationName}): not read by this service: {string.Join(", ", unknown)}");
            Console.Out.Flush();
            Environment.Exit(unknown.Count == 0 ? 0 : 3);
        }

        foreach (var key in unknown)
        {
            LogUnknown(key);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyList<string> UnknownKeys()
    {
        var settings = declared.Select(d => (Path: d.Path.Split(':'), d.Shape)).ToList();
        return
        [
            .. configuration.AsEnumerable()
                .Where(pair => pair.Value is not null)
                .Select(pair => pair.Key)
                .Where(key => OwnedRoots.Contains(key.Split(':')[0], StringComparer.OrdinalIgnoreCase))
                .Where(key => !key.StartsWith(AppHostSection + ":", StringComparison.OrdinalIgnoreCase))
                .Where(key => !settings.Any(setting => Covers(setting.Path, setting.Shape, key.Split(':'))))
                .Order(StringComparer.OrdinalIgnoreCase),
        ];
    }

    private static bool Covers(string[] declaredPath, Type? shape, string[] key)
    {
        if (key.Length < declaredPath.Length
            || !declaredPath.AsSpan().SequenceEqual(key.AsSpan(0, declaredPath.Length), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = key.AsSpan(declaredPath.Length);
        return shape is null ? rest.IsEmpty : SettingShapes.Fits(rest, shape);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Setting {Key} is not read by this service: misspelt, or meant for another one?")]
    private partial void LogUnknown(string key);
}
