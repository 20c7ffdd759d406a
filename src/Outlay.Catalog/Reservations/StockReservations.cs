using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Metrics;
using Outlay.Catalog.Products;
using Outlay.Contracts.Catalog;
using Outlay.Messaging.Outbox;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Catalog.Reservations;

/// <summary>
/// Holds, releases and commits stock for orders. Each runs inside the caller's transaction (the event handler's),
/// and every stock change is one conditional UPDATE: "add n to reserved where on hand minus reserved is at least n".
/// The database evaluates the condition on the row it writes (PostgreSQL re-checks it after waiting for a
/// concurrent writer's row lock; SQLite writers are serialised), so two orders can never both take the last unit.
/// </summary>
public sealed class StockReservations(CatalogDbContext db, TimeProvider clock, CatalogMetrics metrics)
{
    public enum Outcome
    {
        Reserved,
        Rejected,

        /// <summary>The order was decided before (or cancelled first): nothing changed, nothing published.</summary>
        AlreadyDecided,
    }

    public async Task<Outcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        RequireTransaction();
        if (await db.Reservations.AnyAsync(r => r.OrderId == request.OrderId, cancellationToken))
        {
            return Outcome.AlreadyDecided;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reservation = new Reservation
        {
            OrderId = request.OrderId,
            CreatedAt = now,
            UpdatedAt = now,
            Lines = [.. request.Lines.Select(l => new ReservationLine { OrderId = request.OrderId, ProductId = l.ProductId, Quantity = l.Quantity })],
        };
        // Claim the order id first: a concurrent duplicate blocks on this key, then fails and is retried as a no-op.
        db.Reservations.Add(reservation);
        await db.SaveChangesAsync(cancellationToken);

        var shortfalls = request.Shortfalls(await ReadStockAsync(request, cancellationToken));
        if (shortfalls.Count == 0)
        {
            shortfalls = await HoldAllOrNothingAsync(request, now, cancellationToken);
        }

        if (shortfalls.Count > 0)
        {
            reservation.Status = ReservationStatus.Rejected;
            db.PublishEvent(new StockRejected(request.OrderId, shortfalls), request.OrderId.ToString());
            db.AfterCommit(() => metrics.Rejected(shortfalls));
            return Outcome.Rejected;
        }

        reservation.Status = ReservationStatus.Reserved;
        db.PublishEvent(new StockReserved(request.OrderId, request.Lines), request.OrderId.ToString());
        await PublishSnapshotsAsync(request.Lines.Select(l => l.ProductId), cancellationToken);
        db.AfterCommit(() => metrics.Reserved());
        return Outcome.Reserved;
    }

    /// <summary>Gives the held units back, once: only the change of status from Reserved to Released releases.</summary>
    public async Task<bool> ReleaseAsync(Guid orderId, CancellationToken cancellationToken)
    {
        RequireTransaction();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await TransitionAsync(orderId, ReservationStatus.Released, now, cancellationToken))
        {
            if (!await db.Reservations.AnyAsync(r => r.OrderId == orderId, cancellationToken))
            {
                // Cancelled before Catalog saw the order: remember it, so that the late OrderPlaced reserves nothing.
                db.Reservations.Add(new Reservation { OrderId = orderId, Status = ReservationStatus.CancelledBeforePlaced, CreatedAt = now, UpdatedAt = now });
            }

            return false;
        }

        var lines = await LinesAsync(orderId, cancellationToken);
        foreach (var line in lines)
        {
            await db.Products.Where(p => p.Id == line.ProductId).ExecuteUpdateAsync(set => set
                .SetProperty(p => p.Reserved, p => p.Reserved - line.Quantity)
                .SetProperty(p => p.Version, p => p.Version + 1)
                .SetProperty(p => p.UpdatedAt, now), cancellationToken);
        }

        await PublishSnapshotsAsync(lines.Select(l => l.ProductId), cancellationToken);
        db.AfterCommit(() => metrics.Released());
        return true;
    }

    /// <summary>The order shipped: its held units leave the stock on hand (available stays as it was), once.</summary>
    public async Task<bool> CommitAsync(Guid orderId, CancellationToken cancellationToken)
    {
        RequireTransaction();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await TransitionAsync(orderId, ReservationStatus.Committed, now, cancellationToken))
        {
            return false;
        }

        foreach (var line in await LinesAsync(orderId, cancellationToken))
        {
            await db.Products.Where(p => p.Id == line.ProductId).ExecuteUpdateAsync(set => set
                .SetProperty(p => p.Reserved, p => p.Reserved - line.Quantity)
                .SetProperty(p => p.QuantityOnHand, p => p.QuantityOnHand - line.Quantity)
                .SetProperty(p => p.Version, p => p.Version + 1)
                .SetProperty(p => p.UpdatedAt, now), cancellationToken);
        }

        db.AfterCommit(() => metrics.Committed());
        return true;
    }

    /// <summary>Takes every line or, when a concurrent order got there first, gives back what it took and says which line failed.</summary>
    private async Task<IReadOnlyList<RejectedLine>> HoldAllOrNothingAsync(ReservationRequest request, DateTime now, CancellationToken cancellationToken)
    {
        var held = new List<ReservedLine>();
        foreach (var line in request.Lines)
        {
            var quantity = line.Quantity;
            var taken = await db.Products
                .Where(p => p.Id == line.ProductId && !p.Retired && p.QuantityOnHand - p.Reserved >= quantity)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.Reserved, p => p.Reserved + quantity)
                    .SetProperty(p => p.Version, p => p.Version + 1)
                    .SetProperty(p => p.UpdatedAt, now), cancellationToken);
            if (taken == 1)
            {
                held.Add(line);
                continue;
            }

            foreach (var undo in held)
            {
                await db.Products.Where(p => p.Id == undo.ProductId).ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.Reserved, p => p.Reserved - undo.Quantity)
                    .SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
            }

            var stock = await ReadStockAsync(request, cancellationToken);
            var shortfalls = request.Shortfalls(stock);
            // The line that lost the race is reported even if stock came back in between.
            return shortfalls.Any(s => s.ProductId == line.ProductId)
                ? shortfalls
                : [.. shortfalls, new RejectedLine(line.ProductId, quantity, stock.TryGetValue(line.ProductId, out var current) ? current.Available : 0, ReservationRequest.InsufficientStock)];
        }

        return [];
    }

    private async Task<bool> TransitionAsync(Guid orderId, ReservationStatus to, DateTime now, CancellationToken cancellationToken) =>
        await db.Reservations
            .Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, to).SetProperty(r => r.UpdatedAt, now), cancellationToken) == 1;

    private Task<List<ReservationLine>> LinesAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.ReservationLines.AsNoTracking().Where(l => l.OrderId == orderId).OrderBy(l => l.ProductId).ToListAsync(cancellationToken);

    private async Task<Dictionary<Guid, (int Available, bool Retired)>> ReadStockAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var ids = request.Lines.Select(l => l.ProductId).ToList();
        var rows = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, Available = p.QuantityOnHand - p.Reserved, p.Retired })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => (r.Available, r.Retired));
    }

    /// <summary>Tells replicas (Ordering's) the new available quantities, read back inside this transaction.</summary>
    private async Task PublishSnapshotsAsync(IEnumerable<Guid> productIds, CancellationToken cancellationToken)
    {
        var ids = productIds.Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        foreach (var product in products)
        {
            db.PublishEvent(new ProductUpdated(product.ToSnapshot()), product.Id.ToString());
        }
    }

    private void RequireTransaction()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Stock changes run inside the caller's transaction, together with the events they publish.");
        }
    }
}
