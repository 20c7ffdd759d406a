using System.Text.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Outlay.Messaging.Observability;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Outbox;

/// <summary>
/// Sends committed outbox rows to the broker in sequence order and marks them sent only after the broker confirmed
/// them. It runs when a commit wakes it and on a sweep interval, so rows left behind by a crash or a broker outage
/// still leave. Only the holder of the relay lease sends, so two replicas never interleave one service's events.
/// A crash between confirm and marking resends the row with the same message id: consumers' inboxes absorb it.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IMessageTransport transport,
    MessagingTopology topology,
    OutboxWakeup wakeup,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    ServiceName service,
    TimeProvider time,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly string holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly OutboxOptions outbox = options.Value.Outbox;
    private readonly Housekeeping housekeeping = new(options.Value, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!outbox.RelayEnabled)
        {
            return;
        }

        await topology.Declared.WaitAsync(stoppingToken);
        var backoff = outbox.FailureBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await RelayOnceAsync(stoppingToken);
                if (pass == Pass.Failed)
                {
                    await Task.Delay(backoff, time, stoppingToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                    continue;
                }

                backoff = outbox.FailureBackoff;
                if (pass != Pass.MoreWaiting)
                {
                    await wakeup.WaitAsync(outbox.SweepInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database itself failed (down, locked): nothing was marked, so nothing is lost; try again later.
                LogRelayFailed(logger, exception);
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private enum Pass
    {
        Idle,
        MoreWaiting,
        Failed,
    }

    private async Task<Pass> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = time.GetUtcNow().UtcDateTime;
        if (!await TryHoldLeaseAsync(db, now, cancellationToken))
        {
            // Another replica relays; this one still reports the backlog, which is the service's, so its gauges
            // never keep a stale value from a time it held the lease (alerts take the max over replicas).
            await RecordBacklogAsync(db, cancellationToken);
            return Pass.Idle;
        }

        var batch = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.SentAt == null)
            .OrderBy(m => m.Sequence)
            .Take(outbox.BatchSize)
            .ToListAsync(cancellationToken);
        // The whole batch goes in one publish (one broker transaction or one round of confirms); the broker reports the
        // prefix it stored, so rows after a failure stay unsent and leave after it: later rows never overtake it.
        var result = batch.Count == 0
            ? new BatchPublishResult(0, null)
            : await transport.PublishBatchAsync([.. batch.Select(ToTransport)], cancellationToken);
        if (result.Stored > 0)
        {
            var sent = batch.Take(result.Stored).Select(m => m.Sequence).ToList();
            var sentAt = time.GetUtcNow().UtcDateTime;
            await db.Set<OutboxMessage>().Where(m => sent.Contains(m.Sequence))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
            metrics.Sent(sent.Count);
        }

        var failed = result.Failure is not null;
        if (result.Failure is { } failure)
        {
            var message = batch[result.Stored];
            metrics.SendFailed();
            LogSendFailed(logger, message.MessageId, message.Type, failure);
            await db.Set<OutboxMessage>().Where(m => m.Sequence == message.Sequence)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, Truncate(failure.Message)), cancellationToken);
        }

        if (failed || batch.Count < outbox.BatchSize)
        {
            await RecordBacklogAsync(db, cancellationToken);
            await housekeeping.RunIfDueAsync(db, cancellationToken);
        }

        return failed ? Pass.Failed : batch.Count == outbox.BatchSize ? Pass.MoreWaiting : Pass.Idle;
    }

    private TransportMessage ToTransport(OutboxMessage message)
    {
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(message.Headers) ?? [];
        headers[TransportMessage.SourceHeader] = service.Name;
        return new TransportMessage(message.MessageId, message.Type, System.Text.Encoding.UTF8.GetBytes(message.Payload), headers);
    }

    /// <summary>Takes the lease when it is free or expired, or renews it when this relay already holds it.</summary>
    private async Task<bool> TryHoldLeaseAsync(TContext db, DateTime now, CancellationToken cancellationToken)
    {
        var expiresAt = now + outbox.LeaseDuration;
        var updated = await db.Set<OutboxRelayLease>()
            .Where(l => l.Id == 1 && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken);
        return updated == 1;
    }

    private async Task RecordBacklogAsync(TContext db, CancellationToken cancellationToken)
    {
        var unsent = db.Set<OutboxMessage>().Where(m => m.SentAt == null);
        var count = await unsent.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTime?)null : await unsent.MinAsync(m => (DateTime?)m.CreatedAt, cancellationToken);
        metrics.Backlog(count, oldest is { } created ? time.GetUtcNow().UtcDateTime - created : TimeSpan.Zero);
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay pass failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {MessageId} ({Type}) failed; it stays in the outbox")]
    private static partial void LogSendFailed(ILogger logger, Guid messageId, string type, Exception exception);
}
