using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outlay.Expenses.Money;

/// <summary>
/// An amount as a client sent it, a JSON string ("12.34") or number (12.34), kept as text so that validation
/// can report a bad value as a field error. A JSON number is read as its literal digits, never through double.
/// </summary>
[JsonConverter(typeof(AmountTextConverter))]
public readonly record struct AmountText(string Text)
{
    public bool TryParse(out decimal amount) => Amount.TryParse(Text, out amount);

    public override string ToString() => Text;
}

internal sealed class AmountTextConverter : JsonConverter<AmountText>
{
    public override AmountText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new AmountText(reader.GetString()!),
        // The raw digits of the number literal: 0.1 stays "0.1" and 1e3 is refused by the parser later.
        JsonTokenType.Number => new AmountText(System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray())),
        _ => throw new JsonException("An amount is a string such as \"12.34\" or a number."),
    };

    public override void Write(Utf8JsonWriter writer, AmountText value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Text.ToString(CultureInfo.InvariantCulture));
}
