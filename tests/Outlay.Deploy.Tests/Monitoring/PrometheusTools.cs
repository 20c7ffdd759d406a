using Outlay.Deploy.Tests.Infrastructure;

namespace Outlay.Deploy.Tests.Monitoring;

internal static class PrometheusTools
{
    public static Tool Require() => Tool.Require("promtool", "Debian package prometheus");

    public static string PrometheusFolder => Repository.PathOf("deploy", "prometheus");

    public static IReadOnlyList<string> RuleFiles => [.. Directory.GetFiles(Path.Combine(PrometheusFolder, "rules"), "*.yml").Order()];

    public static IReadOnlyList<string> TestFiles => [.. Directory.GetFiles(Path.Combine(PrometheusFolder, "tests"), "*.yml").Order()];

    /// <summary>Checks PromQL expressions by handing them to promtool as recording rules.</summary>
    public static void AssertValidExpressions(IReadOnlyList<(string Name, string Expression)> expressions)
    {
        var file = Path.Combine(Path.GetTempPath(), "outlay-promql-" + Guid.NewGuid().ToString("N") + ".yml");
        var rules = expressions.Select((e, i) => new System.Text.Json.Nodes.JsonObject
        {
            ["record"] = $"check:expression_{i}",
            ["expr"] = e.Expression,
        });
        // JSON is YAML, so no YAML writer is needed.
        var document = new System.Text.Json.Nodes.JsonObject
        {
            ["groups"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "expressions",
                ["rules"] = new System.Text.Json.Nodes.JsonArray([.. rules]),
            }),
        };
        File.WriteAllText(file, document.ToJsonString());
        try
        {
            var result = Require().Run(["check", "rules", file]);
            Assert.True(result.ExitCode == 0,
                "promtool rejects an expression:\n" + result.Everything + "\n" + string.Join('\n', expressions.Select((e, i) => $"expression_{i} ({e.Name}): {e.Expression}")));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
