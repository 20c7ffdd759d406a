using System.Globalization;
using System.Text.Json.Nodes;

using YamlDotNet.RepresentationModel;

namespace Outlay.Deploy.Tests.Infrastructure;

/// <summary>YAML read into <see cref="JsonNode"/>s, so tests query compose, manifests and configs one way.</summary>
internal static class Yaml
{
    public static JsonNode Parse(string text) => ParseAll(text).Single();

    /// <summary>Every document of a multi-document stream (kubectl kustomize output), empty ones dropped.</summary>
    public static IReadOnlyList<JsonNode> ParseAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => Convert(d.RootNode)).OfType<JsonNode>()];
    }

    public static JsonNode ParseFile(params string[] parts) => Parse(Repository.Read(parts));

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    // Plain scalars keep YAML 1.2 core types (numbers, booleans, null); quoted ones stay strings.
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ => JsonValue.Create(value),
        };
    }
}
