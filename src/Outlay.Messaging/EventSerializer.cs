using System.Text.Json;

namespace Outlay.Messaging;

/// <summary>The wire format of event bodies: camelCase JSON; unknown fields are ignored so producers can add fields.</summary>
public static class EventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public static string Serialize<TEvent>(TEvent integrationEvent) => JsonSerializer.Serialize(integrationEvent, Options);

    public static object? Deserialize(ReadOnlySpan<byte> body, Type eventType) => JsonSerializer.Deserialize(body, eventType, Options);
}
