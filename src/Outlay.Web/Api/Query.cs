using System.Text;

namespace Outlay.Web.Api;

/// <summary>Builds an API path with an escaped query string, leaving out empty values.</summary>
public static class Query
{
    public static string Of(string path, params IEnumerable<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value.Trim()));
            separator = '&';
        }

        return builder.ToString();
    }
}
