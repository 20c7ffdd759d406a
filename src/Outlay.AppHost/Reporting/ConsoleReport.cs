using System.Globalization;
using System.Text;

using Outlay.AppHost.Launch;
using Outlay.AppHost.Options;

namespace Outlay.AppHost.Reporting;

/// <summary>
/// Everything the AppHost shows. Output of several children arrives on several threads, so every write
/// goes through one lock to keep lines whole.
/// </summary>
internal sealed class ConsoleReport(LogVerbosity verbosity, bool useColor)
{
    private const string Reset = "\u001b[0m";
    private const string AppHostColor = "\u001b[1;37m";
    private static readonly string[] ServiceColors = ["\u001b[36m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[33m", "\u001b[96m"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _colors = [];

    /// <summary>Colour only on a terminal, and never when <c>NO_COLOR</c> is set (https://no-color.org).</summary>
    public static ConsoleReport ForConsole(LogVerbosity verbosity) =>
        new(verbosity, !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public void ServiceOutput(ServiceInstance instance, string line, bool fromStandardError)
    {
        FormattedLine formatted = verbosity == LogVerbosity.Verbose
            ? new(line, fromStandardError ? LineSeverity.Error : LineSeverity.Information)
            : LogLineFormatter.Format(line, fromStandardError);
        if (verbosity == LogVerbosity.Quiet && formatted.Severity < LineSeverity.Warning)
        {
            return;
        }

        Write($"[{instance.LogName}]", ColorOf(instance.Service.Name), formatted.Text, formatted.Severity);
    }

    public void Info(string message) => Write("[apphost]", AppHostColor, message, LineSeverity.Information);

    public void Warning(string message) => Write("[apphost]", AppHostColor, message, LineSeverity.Warning);

    public void Error(string message) => Write("[apphost]", AppHostColor, message, LineSeverity.Error);

    /// <summary>
    /// The table a developer looks for once everything is up. The test suite parses the instance rows,
    /// so keep one row per instance: service, number, version, URL, pid. When the gateway exists its URL goes first.
    /// </summary>
    public void Ready(IReadOnlyList<(ServiceInstance Instance, int? Pid)> instances, AppHostOptions options, AdminLogin admin)
    {
        var text = new StringBuilder();
        text.AppendLine("Outlay is ready.").AppendLine();
        var rows = instances.Select(i => (i.Instance.Service.Name, Number: i.Instance.Number.ToString(CultureInfo.InvariantCulture),
            i.Instance.Version, Url: i.Instance.Address, Pid: i.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-")).ToList();
        var nameWidth = Math.Max("SERVICE".Length, rows.Max(r => r.Name.Length)) + 2;
        var urlWidth = Math.Max("URL".Length, rows.Max(r => r.Url.Length)) + 2;
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"SERVICE".PadRight(nameWidth)}{"INSTANCE",-10}{"VERSION",-9}{"URL".PadRight(urlWidth)}PID");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {row.Name.PadRight(nameWidth)}{row.Number,-10}{row.Version,-9}{row.Url.PadRight(urlWidth)}{row.Pid}");
        }

        var gateway = instances.FirstOrDefault(i => i.Instance.Service.Name == Catalog.ServiceCatalog.Gateway).Instance;
        text.AppendLine();
        if (gateway is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Open         {gateway.Address}  (the gateway: web UI and every API)");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  Data folder  {options.DataFolder}")
            .AppendLine(CultureInfo.InvariantCulture, $"  Database     {DescribeDatabase(options)}")
            .AppendLine(CultureInfo.InvariantCulture, $"  Admin login  {admin.Email}, password in {admin.PasswordFile}")
            .AppendLine(CultureInfo.InvariantCulture, $"  Prometheus   targets in {Path.Combine(options.DataFolder, Monitoring.PrometheusTargets.RelativePath)}")
            .AppendLine()
            .Append("  Press Ctrl+C to stop.");

        lock (_lock)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine(useColor ? AppHostColor + text + Reset : text.ToString());
            Console.Out.WriteLine();
            Console.Out.Flush();
        }
    }

    private static string DescribeDatabase(AppHostOptions options) => options.PostgresConnectionString is { } postgres
        ? $"PostgreSQL ({WithoutSecrets(postgres)}), one database per service"
        : "SQLite, one file per service in the data folder";

    /// <summary>The table ends up in terminals and CI logs; the connection string's password must not.</summary>
    private static string WithoutSecrets(string connectionString) =>
        string.Join(';', connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(MaskPassword));

    private static string MaskPassword(string part)
    {
        var key = part.Split('=', 2)[0].Trim();
        return key.Equals("Password", StringComparison.OrdinalIgnoreCase) || key.Equals("Pwd", StringComparison.OrdinalIgnoreCase)
            ? key + "=***"
            : part;
    }

    private string ColorOf(string service)
    {
        lock (_lock)
        {
            if (!_colors.TryGetValue(service, out var color))
            {
                color = ServiceColors[_colors.Count % ServiceColors.Length];
                _colors[service] = color;
            }

            return color;
        }
    }

    private void Write(string prefix, string prefixColor, string text, LineSeverity severity)
    {
        var writer = severity == LineSeverity.Error && prefix == "[apphost]" ? Console.Error : Console.Out;
        var line = new StringBuilder();
        foreach (var part in text.Split('\n'))
        {
            if (useColor)
            {
                line.Append(prefixColor).Append(prefix).Append(Reset).Append(' ');
                line.Append(severity switch
                {
                    LineSeverity.Warning => "\u001b[33m" + part.TrimEnd('\r') + Reset,
                    LineSeverity.Error => "\u001b[31m" + part.TrimEnd('\r') + Reset,
                    LineSeverity.Detail => "\u001b[2m" + part.TrimEnd('\r') + Reset,
                    _ => part.TrimEnd('\r'),
                });
            }
            else
            {
                line.Append(prefix).Append(' ').Append(part.TrimEnd('\r'));
            }

            line.Append('\n');
        }

        lock (_lock)
        {
            writer.Write(line.ToString());
            writer.Flush();
        }
    }
}
