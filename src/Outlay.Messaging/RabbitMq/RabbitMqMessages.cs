using System.Collections;
using System.Globalization;
using System.Text;
using Outlay.Messaging.Transport;
using RabbitMQ.Client;

namespace Outlay.Messaging.RabbitMq;

/// <summary>
/// Maps <see cref="TransportMessage"/> to AMQP properties and back. String headers travel as UTF-8 byte arrays (what
/// the broker hands back for long strings anyway); the transport's own bookkeeping lives in <c>outlay-*</c> headers
/// that never reach the handler.
/// </summary>
internal static class RabbitMqMessages
{
    public const string AttemptHeader = "outlay-attempt";
    public const string DeadReasonHeader = "outlay-dead-reason";
    public const string DeadAtHeader = "outlay-dead-at";
    public const string LastErrorHeader = "outlay-last-error";
    public const string ContentType = "application/json";

    /// <summary>Reasons and errors can be whole stack traces; AMQP headers must fit in one frame.</summary>
    private const int MaxHeaderText = 8_000;

    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        AttemptHeader, DeadReasonHeader, DeadAtHeader, LastErrorHeader, Constants.PublishSequenceNumberHeader,
        "x-death", "x-first-death-reason", "x-first-death-queue", "x-first-death-exchange",
        "x-last-death-reason", "x-last-death-queue", "x-last-death-exchange", "x-delivery-count",
    };

    public static BasicProperties ToProperties(TransportMessage message, int attempt, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var headers = new Dictionary<string, object?>(message.Headers.Count + 4, StringComparer.Ordinal);
        foreach (var (name, value) in message.Headers)
        {
            if (!TransportHeaders.Contains(name))
            {
                headers[name] = Encoding.UTF8.GetBytes(value);
            }
        }

        headers[AttemptHeader] = attempt;
        foreach (var (name, value) in extra ?? [])
        {
            headers[name] = Encoding.UTF8.GetBytes(Truncate(value));
        }

        return new BasicProperties
        {
            MessageId = message.MessageId.ToString("D"),
            Type = message.Type,
            ContentType = ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = headers,
        };
    }

    /// <summary>
    /// Reads a delivery (copying the body: the client reuses its buffer once the event handler returns). A message
    /// without a usable id cannot be de-duplicated downstream, so it is reported as invalid rather than handled.
    /// </summary>
    public static (TransportMessage Message, int Attempt, string? Invalid) Read(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, string routingKey)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.Headers is { } raw)
        {
            foreach (var (name, value) in raw)
            {
                if (!TransportHeaders.Contains(name) && Text(value) is { } text)
                {
                    headers[name] = text;
                }
            }
        }

        var type = string.IsNullOrEmpty(properties.Type) ? routingKey : properties.Type;
        string? invalid = null;
        if (!Guid.TryParse(properties.MessageId, out var id))
        {
            invalid = $"missing or malformed message-id property '{properties.MessageId}'";
        }

        var attempt = Math.Max(1, Integer(Header(properties, AttemptHeader)) ?? 1);
        return (new TransportMessage(id, type, body.ToArray(), headers), attempt, invalid);
    }

    public static DeadLetter ReadDeadLetter(string consumer, BasicGetResult result)
    {
        var (message, attempt, invalid) = Read(result.BasicProperties, result.Body, result.RoutingKey);
        var reason = Text(Header(result.BasicProperties, DeadReasonHeader))
            ?? $"dead-lettered by the broker: {Text(Header(result.BasicProperties, "x-first-death-reason")) ?? "unknown reason"}";
        if (invalid is not null && !reason.Contains(invalid, StringComparison.Ordinal))
        {
            reason = $"{reason} ({invalid})";
        }

        var at = DateTime.TryParse(Text(Header(result.BasicProperties, DeadAtHeader)), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : BrokerDeathTime(result.BasicProperties) ?? DateTime.UnixEpoch.AddSeconds(result.BasicProperties.Timestamp.UnixTime);
        return new DeadLetter(message, consumer, reason, attempt, at);
    }

    public static string Truncate(string text) => text.Length <= MaxHeaderText ? text : string.Concat(text.AsSpan(0, MaxHeaderText), "…");

    private static object? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value) ? value : null;

    private static string? Text(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        AmqpTimestamp timestamp => DateTime.UnixEpoch.AddSeconds(timestamp.UnixTime).ToString("O", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static int? Integer(object? value) => value switch
    {
        int number => number,
        long number => (int)Math.Clamp(number, int.MinValue, int.MaxValue),
        short number => number,
        byte number => number,
        _ => int.TryParse(Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
    };

    /// <summary>The time the broker recorded in <c>x-death</c> when it dead-lettered the message itself.</summary>
    private static DateTime? BrokerDeathTime(IReadOnlyBasicProperties properties) =>
        Header(properties, "x-death") is IList { Count: > 0 } deaths && deaths[0] is IDictionary<string, object?> death
            && death.TryGetValue("time", out var time) && time is AmqpTimestamp timestamp
            ? DateTime.UnixEpoch.AddSeconds(timestamp.UnixTime)
            : null;
}
