using System.Text.RegularExpressions;

namespace Outlay.Deploy.Tests.Infrastructure;

/// <summary>Just enough PromQL reading to list the metric names an expression selects.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan",
    };

    /// <summary>Grafana's variables replaced by values PromQL accepts, so dashboard queries parse.</summary>
    public static string FromGrafana(string expression) => expression
        .Replace("$__rate_interval", "5m", StringComparison.Ordinal)
        .Replace("$__interval", "1m", StringComparison.Ordinal)
        .Replace("$__range", "1h", StringComparison.Ordinal)
        .Replace("$job", ".+", StringComparison.Ordinal)
        .Replace("$instance", ".+", StringComparison.Ordinal);

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = RangesAndSubqueries().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Groups["name"].Value;
            var isFunctionCall = match.Groups["call"].Success;
            if (!isFunctionCall && !Keywords.Contains(name.ToLowerInvariant()) && !Duration().IsMatch(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>The label names an expression's selectors match on, per metric name (<c>name{label="..."}</c>).</summary>
    public static IEnumerable<(string Metric, IReadOnlySet<string> Labels)> Matchers(string expression)
    {
        foreach (Match selector in Selector().Matches(StringLiteral().Replace(expression, "\"\"")))
        {
            yield return (selector.Groups["name"].Value,
                MatcherLabel().Matches(selector.Groups["matchers"].Value).Select(m => m.Groups["label"].Value).ToHashSet(StringComparer.Ordinal));
        }
    }

    /// <summary>The label names in by, without, on, ignoring, group_left and group_right clauses.</summary>
    public static IReadOnlySet<string> GroupingLabels(string expression) =>
        Grouping().Matches(StringLiteral().Replace(expression, "\"\""))
            .SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A label a selector matches on, or a clause groups by, that the series do not carry is a query that silently shows
    /// nothing (or one line instead of one per value). Lists every such use among the metrics <paramref name="labels"/>
    /// knows (with their label names, target labels included); expressions on other metrics are not judged.
    /// </summary>
    public static IReadOnlyList<string> UnknownLabels(IEnumerable<(string Source, string Expression)> queries, IReadOnlyDictionary<string, IReadOnlySet<string>> labels)
    {
        var problems = new List<string>();
        foreach (var (source, expression) in queries)
        {
            foreach (var (metric, matched) in Matchers(expression).Where(m => labels.ContainsKey(m.Metric)))
            {
                problems.AddRange(matched.Except(labels[metric]).Select(label => $"{source}: {metric} has no label {label}"));
            }

            var selected = MetricNames(expression).Where(labels.ContainsKey).ToList();
            if (selected.Count > 0)
            {
                problems.AddRange(GroupingLabels(expression).Where(label => !selected.Any(m => labels[m].Contains(label)))
                    .Select(label => $"{source}: none of {string.Join(", ", selected)} has the label {label}"));
            }
        }

        return problems;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangesAndSubqueries();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.:])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)\s*\{(?<matchers>[^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex MatcherLabel();

    [GeneratedRegex(@"(?<![\w.:])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\d")]
    private static partial Regex Duration();
}
