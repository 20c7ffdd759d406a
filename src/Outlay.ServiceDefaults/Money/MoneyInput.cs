using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outlay.ServiceDefaults.Money;

/// <summary>
/// An amount as a client sent it, a JSON string ("12.34") or number (12.34), kept as text so that a bad value is
/// reported as a field error. A number is read from its literal digits, never through double.
/// </summary>
[JsonConverter(typeof(MoneyInputConverter))]
public readonly record struct MoneyInput(string Text)
{
    public bool TryParse(out decimal amount) => MoneyText.TryParse(Text, out amount);

    public override string ToString() => Text;
}

internal sealed class MoneyInputConverter : JsonConverter<MoneyInput>
{
    public override MoneyInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new MoneyInput(reader.GetString()!),
        JsonTokenType.Number => new MoneyInput(Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan)),
        _ => throw new JsonException("An amount is a string such as \"12.34\" or a number."),
    };

    public override void Write(Utf8JsonWriter writer, MoneyInput value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
