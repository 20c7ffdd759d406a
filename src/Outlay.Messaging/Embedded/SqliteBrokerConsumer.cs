using Microsoft.Data.Sqlite;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Embedded;

/// <summary>
/// One consuming instance: claims the oldest visible delivery of its consumer under a lease, keeps the
/// lease alive while the handler runs, then records the outcome. Deliveries are handled one at a time,
/// in publish order except where a retry delayed one.
/// </summary>
internal sealed class SqliteBrokerConsumer(
    SqliteBrokerFile file,
    SqliteBrokerOptions options,
    string consumer,
    Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler)
{
    private const string Visible = "consumer = $consumer AND visible_at <= $now AND (lease_until IS NULL OR lease_until < $now)";
    private readonly string owner = $"{Environment.ProcessId}:{Guid.NewGuid():N}";
    private DateTime nextCheckpoint = DateTime.UtcNow + options.CheckpointInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await TryClaimAsync(cancellationToken);
            if (claimed is null)
            {
                await CheckpointWhenDueAsync(cancellationToken);
                await Task.Delay(options.PollInterval, cancellationToken);
                continue;
            }

            await HandleAsync(claimed.Value.Seq, claimed.Value.Received, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task HandleAsync(long seq, ReceivedMessage received, CancellationToken cancellationToken)
    {
        DeliveryOutcome outcome;
        using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var renewing = RenewLeaseAsync(seq, renewal.Token);
            try
            {
                outcome = await handler(received, cancellationToken);
            }
            catch
            {
                // No outcome: give the delivery back at once rather than waiting for the lease to lapse.
                await renewal.CancelAsync();
                await renewing;
                await ReleaseAsync(seq);
                throw;
            }

            await renewal.CancelAsync();
            await renewing;
        }

        // Recorded even while stopping: the handler's work is committed and must not be redone needlessly.
        await RecordAsync(seq, outcome);
    }

    private async Task<(long Seq, ReceivedMessage Received)?> TryClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await file.OpenAsync(cancellationToken);
        var now = SqliteBrokerFile.Now();
        await using (var probe = SqliteBrokerFile.Command(connection, $"SELECT 1 FROM deliveries WHERE {Visible} LIMIT 1", null, ("$consumer", consumer), ("$now", now)))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken) is null)
            {
                return null;
            }
        }

        await using var transaction = await SqliteBrokerFile.BeginImmediateAsync(connection, cancellationToken);
        now = SqliteBrokerFile.Now();
        (long Seq, ReceivedMessage Received)? claimed = null;
        await using (var select = SqliteBrokerFile.Command(connection,
            $"SELECT seq, message_id, message_type, body, headers, attempt FROM deliveries WHERE {Visible} ORDER BY seq LIMIT 1",
            transaction, ("$consumer", consumer), ("$now", now)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                claimed = (reader.GetInt64(0), new ReceivedMessage(SqliteBrokerTransport.ReadMessage(reader, 1), reader.GetInt32(5)));
            }
        }

        if (claimed is { } found)
        {
            await SqliteBrokerFile.ExecuteAsync(connection, "UPDATE deliveries SET lease_owner = $owner, lease_until = $until WHERE seq = $seq",
                cancellationToken, transaction, ("$owner", owner), ("$until", now + (long)options.LeaseDuration.TotalMilliseconds), ("$seq", found.Seq));
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    private async Task RenewLeaseAsync(long seq, CancellationToken cancellationToken)
    {
        var period = options.LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, cancellationToken);
                await using var connection = await file.OpenAsync(cancellationToken);
                await SqliteBrokerFile.ExecuteAsync(connection, "UPDATE deliveries SET lease_until = $until WHERE seq = $seq AND lease_owner = $owner",
                    cancellationToken, null, ("$until", SqliteBrokerFile.Now() + (long)options.LeaseDuration.TotalMilliseconds), ("$seq", seq), ("$owner", owner));
            }
        }
        catch (OperationCanceledException)
        {
            // The handler finished.
        }
    }

    private async Task ReleaseAsync(long seq)
    {
        await using var connection = await file.OpenAsync(CancellationToken.None);
        await SqliteBrokerFile.ExecuteAsync(connection, "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE seq = $seq AND lease_owner = $owner",
            CancellationToken.None, null, ("$seq", seq), ("$owner", owner));
    }

    private async Task RecordAsync(long seq, DeliveryOutcome outcome)
    {
        await using var connection = await file.OpenAsync(CancellationToken.None);
        await using var transaction = await SqliteBrokerFile.BeginImmediateAsync(connection, CancellationToken.None);
        var seqParameter = ("$seq", (object?)seq);
        switch (outcome)
        {
            case DeliveryOutcome.Retry retry:
                await SqliteBrokerFile.ExecuteAsync(connection,
                    "UPDATE deliveries SET attempt = attempt + 1, visible_at = $visible, lease_owner = NULL, lease_until = NULL WHERE seq = $seq",
                    CancellationToken.None, transaction, seqParameter, ("$visible", SqliteBrokerFile.Now() + (long)retry.Delay.TotalMilliseconds));
                break;
            case DeliveryOutcome.DeadLettered dead:
                await SqliteBrokerFile.ExecuteAsync(connection,
                    """
                    INSERT INTO dead_letters (consumer, message_id, message_type, body, headers, attempt, reason, dead_at)
                    SELECT consumer, message_id, message_type, body, headers, attempt, $reason, $now FROM deliveries WHERE seq = $seq
                    """,
                    CancellationToken.None, transaction, seqParameter, ("$reason", dead.Reason), ("$now", SqliteBrokerFile.Now()));
                await SqliteBrokerFile.ExecuteAsync(connection, "DELETE FROM deliveries WHERE seq = $seq", CancellationToken.None, transaction, seqParameter);
                break;
            default:
                await SqliteBrokerFile.ExecuteAsync(connection, "DELETE FROM deliveries WHERE seq = $seq", CancellationToken.None, transaction, seqParameter);
                break;
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>Readers can hold back SQLite's automatic checkpoints; an explicit one keeps the WAL from growing without bound.</summary>
    private async Task CheckpointWhenDueAsync(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow < nextCheckpoint)
        {
            return;
        }

        nextCheckpoint = DateTime.UtcNow + options.CheckpointInterval;
        try
        {
            await using var connection = await file.OpenAsync(cancellationToken);
            await SqliteBrokerFile.ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
        catch (SqliteException)
        {
            // Busy: the next interval tries again.
        }
    }
}
