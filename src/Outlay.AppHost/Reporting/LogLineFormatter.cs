using System.Text;
using System.Text.Json;

namespace Outlay.AppHost.Reporting;

internal enum LineSeverity
{
    Detail,
    Information,
    Warning,
    Error,
}

internal readonly record struct FormattedLine(string Text, LineSeverity Severity);

/// <summary>
/// The services write one JSON object per log entry (the framework's JSON console format). On a
/// developer's console those are hard to read, so the level, category and message are picked out;
/// anything that is not such an object is shown as it came.
/// </summary>
internal static class LogLineFormatter
{
    public static FormattedLine Format(string line, bool fromStandardError)
    {
        var fallback = new FormattedLine(line, fromStandardError ? LineSeverity.Error : LineSeverity.Information);
        if (!line.StartsWith('{'))
        {
            return fallback;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("LogLevel", out var level) || level.ValueKind != JsonValueKind.String)
            {
                return fallback;
            }

            var levelName = level.GetString() ?? "";
            var text = new StringBuilder(levelName).Append(' ');
            if (StringProperty(root, "Category") is { Length: > 0 } category)
            {
                text.Append(category).Append(": ");
            }

            text.Append(StringProperty(root, "Message"));
            if (StringProperty(root, "Exception") is { Length: > 0 } exception)
            {
                text.AppendLine().Append(exception);
            }

            return new FormattedLine(text.ToString(), SeverityOf(levelName));
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    public static LineSeverity SeverityOf(string level) => level switch
    {
        "Trace" or "Debug" => LineSeverity.Detail,
        "Warning" => LineSeverity.Warning,
        "Error" or "Critical" => LineSeverity.Error,
        _ => LineSeverity.Information,
    };

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
