using Microsoft.EntityFrameworkCore;

using Outlay.Messaging.Inbox;

namespace Outlay.Messaging.Outbox;

/// <summary>Purges sent outbox rows and old inbox rows past their retention, at most every few minutes, by the lease holder.</summary>
internal sealed class Housekeeping(MessagingOptions options, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private DateTime nextRun;

    public async Task RunIfDueAsync(DbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now < nextRun)
        {
            return;
        }

        nextRun = now + Interval;
        var sentBefore = now - options.Outbox.SentRetention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken);
        var processedBefore = now - options.Consumer.InboxRetention;
        await db.Set<InboxMessage>().Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
    }
}
