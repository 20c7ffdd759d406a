using System.Diagnostics.Metrics;

namespace Outlay.Messaging.Observability;

/// <summary>What an operator watches: the outbox backlog and how deliveries end, per event type.</summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "Outlay.Messaging";

    private readonly Counter<long> sent;
    private readonly Counter<long> sendFailures;
    private readonly Counter<long> messages;
    private readonly Histogram<double> handlerDuration;
    private long pending;
    private double oldestAgeSeconds;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        sent = meter.CreateCounter<long>("outlay.outbox.sent", description: "Outbox events the broker confirmed.");
        sendFailures = meter.CreateCounter<long>("outlay.outbox.send_failures", description: "Outbox sends the broker did not confirm.");
        meter.CreateObservableGauge("outlay.outbox.pending", () => Volatile.Read(ref pending), description: "Outbox events not yet sent.");
        meter.CreateObservableGauge("outlay.outbox.oldest_age", () => Volatile.Read(ref oldestAgeSeconds), unit: "s",
            description: "Age of the oldest unsent outbox event.");
        messages = meter.CreateCounter<long>("outlay.consumer.messages",
            description: "Deliveries by outcome: handled, duplicate, retried, dead_lettered.");
        handlerDuration = meter.CreateHistogram<double>("outlay.consumer.handler.duration", unit: "s",
            description: "Time to apply one event, inbox and commit included.");
    }

    public void Sent(int count) => sent.Add(count);

    public void SendFailed() => sendFailures.Add(1);

    /// <summary>Set by the relay after each pass, so a scrape never queries the database.</summary>
    public void Backlog(long pendingCount, TimeSpan oldestAge)
    {
        Volatile.Write(ref pending, pendingCount);
        Volatile.Write(ref oldestAgeSeconds, oldestAge.TotalSeconds);
    }

    public void Delivered(string eventType, string outcome) =>
        messages.Add(1, new KeyValuePair<string, object?>("event_type", eventType), new KeyValuePair<string, object?>("outcome", outcome));

    public void Handled(string eventType, TimeSpan duration) =>
        handlerDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("event_type", eventType));
}

public static class DeliveryOutcomeNames
{
    public const string Handled = "handled";
    public const string Duplicate = "duplicate";
    public const string Retried = "retried";
    public const string DeadLettered = "dead_lettered";
}
