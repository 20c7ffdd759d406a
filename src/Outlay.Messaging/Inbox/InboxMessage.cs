namespace Outlay.Messaging.Inbox;

/// <summary>
/// Proof that <see cref="Consumer"/> applied a message: inserted in the handler's transaction, so the primary key
/// (message id, consumer) turns a redelivery into a no-op.
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public required string MessageType { get; set; }
    public DateTime ProcessedAt { get; set; }
}
