using System.Text.RegularExpressions;

namespace Outlay.Deploy.Tests.Infrastructure;

/// <summary>Just enough reading of the Prometheus text format to list the series names and their label names.</summary>
internal static partial class Exposition
{
    /// <summary>Each sample name (histograms as their _bucket, _sum and _count series) with the label names it carries.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> LabelsByMetric(string text)
    {
        var labels = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(line => line.Length > 0 && line[0] != '#'))
        {
            var end = line.IndexOfAny(['{', ' ']);
            var name = line[..end];
            if (!labels.TryGetValue(name, out var names))
            {
                labels[name] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            if (line[end] == '{')
            {
                names.UnionWith(Label().Matches(line[end..line.LastIndexOf('}')]).Select(m => m.Groups["label"].Value));
            }
        }

        return labels.ToDictionary(l => l.Key, l => (IReadOnlySet<string>)l.Value, StringComparer.Ordinal);
    }

    /// <summary>The exposition of <paramref name="target"/>'s <c>/metrics</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ScrapeAsync(Uri target)
    {
        using var client = new HttpClient { BaseAddress = target, Timeout = TimeSpan.FromSeconds(10) };
        return LabelsByMetric(await client.GetStringAsync("/metrics"));
    }

    [GeneratedRegex("(?<label>[A-Za-z_][A-Za-z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Label();
}
