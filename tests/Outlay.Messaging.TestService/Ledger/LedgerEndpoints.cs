using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Messaging.Outbox;

namespace Outlay.Messaging.TestService.Ledger;

public static class LedgerEndpoints
{
    public static void MapLedgerEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/ledger").AllowAnonymous();
        group.MapPost("/deposits", ProduceAsync);
        group.MapGet("/stats", StatsAsync);
        group.MapGet("/sequences", SequencesAsync);
        group.MapGet("/outbox", OutboxAsync);
        group.MapGet("/latencies", LatenciesAsync);
        group.MapPut("/poisoned/{account}", PoisonAsync);
        group.MapDelete("/poisoned/{account}", CureAsync);
    }

    public sealed record LedgerStats(long Applied, long DistinctMessages, long Amount);

    public sealed record OutboxStats(long Unsent, long Sent);

    /// <summary>
    /// Writes <paramref name="count"/> deposits and their events, <paramref name="batch"/> per transaction. With
    /// <paramref name="failAfterSave"/> the transaction saves, then throws before committing: nothing may leave.
    /// </summary>
    private static async Task<Ok<long>> ProduceAsync(
        LedgerDbContext db, string account, long from, int count, int? batch, bool? failAfterSave, CancellationToken cancellationToken)
    {
        var size = Math.Max(1, batch ?? 100);
        for (var start = 0; start < count; start += size)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            for (var i = start; i < Math.Min(count, start + size); i++)
            {
                var sequence = from + i;
                db.Deposits.Add(new Deposit { Account = account, Amount = 1, Sequence = sequence });
                db.PublishEvent(new Deposited(account, 1, sequence), aggregateKey: account);
            }

            await db.SaveChangesAsync(cancellationToken);
            if (failAfterSave == true)
            {
                throw new InvalidOperationException("Failing before commit, as asked.");
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return TypedResults.Ok((long)count);
    }

    private static async Task<Ok<LedgerStats>> StatsAsync(LedgerDbContext db, string account, CancellationToken cancellationToken)
    {
        var applied = db.AppliedDeposits.Where(d => d.Account == account);
        return TypedResults.Ok(new LedgerStats(
            await applied.LongCountAsync(cancellationToken),
            await applied.Select(d => d.MessageId).Distinct().LongCountAsync(cancellationToken),
            await applied.SumAsync(d => (long)d.Amount, cancellationToken)));
    }

    /// <summary>The sequences in the order they were applied.</summary>
    private static async Task<Ok<List<long>>> SequencesAsync(LedgerDbContext db, string account, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.AppliedDeposits.Where(d => d.Account == account).OrderBy(d => d.Id).Select(d => d.Sequence).ToListAsync(cancellationToken));

    private static async Task<Ok<OutboxStats>> OutboxAsync(LedgerDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new OutboxStats(
            await db.Set<OutboxMessage>().LongCountAsync(m => m.SentAt == null, cancellationToken),
            await db.Set<OutboxMessage>().LongCountAsync(m => m.SentAt != null, cancellationToken)));

    /// <summary>
    /// Milliseconds from writing each event (the outbox row, just before the commit) to the commit of its handler, for a
    /// service that consumes its own events; the benchmark's latency figure.
    /// </summary>
    private static async Task<Ok<List<double>>> LatenciesAsync(LedgerDbContext db, string account, CancellationToken cancellationToken)
    {
        var pairs = await db.AppliedDeposits.Where(d => d.Account == account)
            .Join(db.Set<OutboxMessage>(), applied => applied.MessageId, sent => sent.MessageId, (applied, sent) => new { applied.AppliedAt, sent.CreatedAt })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(pairs.Select(p => (p.AppliedAt - p.CreatedAt).TotalMilliseconds).Order().ToList());
    }

    private static async Task<NoContent> PoisonAsync(LedgerDbContext db, string account, CancellationToken cancellationToken)
    {
        if (!await db.PoisonedAccounts.AnyAsync(p => p.Account == account, cancellationToken))
        {
            db.PoisonedAccounts.Add(new PoisonedAccount { Account = account });
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> CureAsync(LedgerDbContext db, string account, CancellationToken cancellationToken)
    {
        await db.PoisonedAccounts.Where(p => p.Account == account).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
