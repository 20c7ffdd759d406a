using Microsoft.EntityFrameworkCore;

using Outlay.Messaging.Inbox;
using Outlay.Messaging.Outbox;

namespace Outlay.Messaging;

public static class MessagingModel
{
    /// <summary>Maps the outbox, inbox and relay lease into a service's DbContext (their tables come from the messaging migrations).</summary>
    public static ModelBuilder AddOutlayMessaging(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.HasIndex(m => m.MessageId).IsUnique();
            // Partial indexes keep the relay's "what is unsent" and the purge's "what is old" cheap however large the table grows.
            outbox.HasIndex(m => m.Sequence).HasDatabaseName("ix_outbox_messages_unsent").HasFilter("sent_at IS NULL");
            outbox.HasIndex(m => m.SentAt).HasDatabaseName("ix_outbox_messages_sent_at").HasFilter("sent_at IS NOT NULL");
            outbox.Property(m => m.Type).HasMaxLength(200);
            outbox.Property(m => m.AggregateKey).HasMaxLength(200);
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(100);
            inbox.Property(m => m.MessageType).HasMaxLength(200);
            inbox.HasIndex(m => m.ProcessedAt);
        });
        modelBuilder.Entity<OutboxRelayLease>(lease =>
        {
            lease.ToTable("outbox_relay_lease");
            lease.HasKey(l => l.Id);
            lease.Property(l => l.Id).ValueGeneratedNever();
            lease.Property(l => l.Holder).HasMaxLength(200);
        });
        return modelBuilder;
    }
}
