namespace Outlay.Messaging.Outbox;

/// <summary>
/// An event written in the same transaction as the change it announces. <see cref="MessageId"/> is fixed here and
/// reused on every resend, so consumers recognise duplicates; <see cref="Sequence"/> is the send order.
/// </summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }
    public Guid MessageId { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }

    /// <summary>JSON object of string headers (traceparent, source service, aggregate key).</summary>
    public required string Headers { get; set; }

    public string? AggregateKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the broker confirmed it; null while it still has to be sent.</summary>
    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>The single row whose holder is the one replica allowed to relay the outbox until the lease expires.</summary>
public sealed class OutboxRelayLease
{
    public int Id { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}
