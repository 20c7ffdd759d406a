using Microsoft.Data.Sqlite;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Embedded;

/// <summary>
/// One consuming instance: claims the oldest visible deliveries of its consumer (up to
/// <see cref="SqliteBrokerOptions.ClaimBatchSize"/>) under one lease, keeps the lease alive while the handler runs
/// them one at a time in publish order, then records every outcome and gives back what it did not run in one
/// transaction. A claim and a record are the broker's durable writes, so a batch pays them once instead of once per
/// delivery. Exactly-once effects do not depend on it: a delivery handled but not yet recorded when the process dies is
/// delivered again after the lease, and the consuming service's inbox recognises it.
/// </summary>
internal sealed class SqliteBrokerConsumer(
    SqliteBrokerFile file,
    SqliteBrokerOptions options,
    string consumer,
    Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler)
{
    private const string Visible = "consumer = $consumer AND visible_at <= $now AND (lease_until IS NULL OR lease_until < $now)";
    private const string OwnedInBatch = "seq BETWEEN $first AND $last AND lease_owner = $owner";
    private readonly string owner = $"{Environment.ProcessId}:{Guid.NewGuid():N}";
    private DateTime nextCheckpoint = DateTime.UtcNow + options.CheckpointInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await TryClaimAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                await CheckpointWhenDueAsync(cancellationToken);
                await Task.Delay(options.PollInterval, cancellationToken);
                continue;
            }

            await HandleAsync(claimed, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task HandleAsync(IReadOnlyList<(long Seq, ReceivedMessage Received)> claimed, CancellationToken cancellationToken)
    {
        var batch = (First: claimed[0].Seq, Last: claimed[^1].Seq);
        var outcomes = new List<(long Seq, DeliveryOutcome Outcome)>(claimed.Count);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewLeaseAsync(batch, renewal.Token);
        try
        {
            foreach (var (seq, received) in claimed)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                outcomes.Add((seq, await handler(received, cancellationToken)));
            }
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
            // Even while stopping or after a handler threw: the outcomes are of committed work that must not be redone
            // needlessly, and what did not run goes back at once rather than waiting for the lease to lapse.
            await RecordAsync(batch, outcomes);
        }
    }

    private async Task<IReadOnlyList<(long Seq, ReceivedMessage Received)>> TryClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await file.OpenAsync(cancellationToken);
        var now = SqliteBrokerFile.Now();
        await using (var probe = SqliteBrokerFile.Command(connection, $"SELECT 1 FROM deliveries WHERE {Visible} LIMIT 1", null, ("$consumer", consumer), ("$now", now)))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken) is null)
            {
                return [];
            }
        }

        await using var transaction = await SqliteBrokerFile.BeginImmediateAsync(connection, cancellationToken);
        now = SqliteBrokerFile.Now();
        var claimed = new List<(long Seq, ReceivedMessage Received)>();
        await using (var select = SqliteBrokerFile.Command(connection,
            $"SELECT seq, message_id, message_type, body, headers, attempt FROM deliveries WHERE {Visible} ORDER BY seq LIMIT $limit",
            transaction, ("$consumer", consumer), ("$now", now), ("$limit", Math.Max(1, options.ClaimBatchSize))))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetInt64(0), new ReceivedMessage(SqliteBrokerTransport.ReadMessage(reader, 1), reader.GetInt32(5))));
            }
        }

        foreach (var (seq, _) in claimed)
        {
            await SqliteBrokerFile.ExecuteAsync(connection, "UPDATE deliveries SET lease_owner = $owner, lease_until = $until WHERE seq = $seq",
                cancellationToken, transaction, ("$owner", owner), ("$until", now + (long)options.LeaseDuration.TotalMilliseconds), ("$seq", seq));
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    private async Task RenewLeaseAsync((long First, long Last) batch, CancellationToken cancellationToken)
    {
        var period = options.LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, cancellationToken);
                await using var connection = await file.OpenAsync(cancellationToken);
                await SqliteBrokerFile.ExecuteAsync(connection, $"UPDATE deliveries SET lease_until = $until WHERE {OwnedInBatch}",
                    cancellationToken, null, ("$until", SqliteBrokerFile.Now() + (long)options.LeaseDuration.TotalMilliseconds),
                    ("$first", batch.First), ("$last", batch.Last), ("$owner", owner));
            }
        }
        catch (OperationCanceledException)
        {
            // The batch finished.
        }
    }

    private async Task RecordAsync((long First, long Last) batch, IReadOnlyList<(long Seq, DeliveryOutcome Outcome)> outcomes)
    {
        await using var connection = await file.OpenAsync(CancellationToken.None);
        await using var transaction = await SqliteBrokerFile.BeginImmediateAsync(connection, CancellationToken.None);
        foreach (var (seq, outcome) in outcomes)
        {
            await RecordAsync(connection, transaction, seq, outcome);
        }

        await SqliteBrokerFile.ExecuteAsync(connection, $"UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE {OwnedInBatch}",
            CancellationToken.None, transaction, ("$first", batch.First), ("$last", batch.Last), ("$owner", owner));
        await transaction.CommitAsync(CancellationToken.None);
    }

    private static async Task RecordAsync(SqliteConnection connection, SqliteTransaction transaction, long seq, DeliveryOutcome outcome)
    {
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
