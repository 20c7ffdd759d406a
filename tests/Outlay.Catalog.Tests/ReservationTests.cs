using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Reservations;
using Outlay.Contracts.Catalog;
using Outlay.Contracts.Ordering;
using Outlay.Testing;

namespace Outlay.Catalog.Tests;

/// <summary>Catalog's side of the saga, driven by the events Ordering would publish, on each provider.</summary>
public abstract class ReservationTests<THost>(THost host) : IClassFixture<THost> where THost : CatalogHost
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_order_that_fits_is_reserved_and_answered_with_StockReserved()
    {
        _ = host.Client();
        var a = (await host.CreateProductAsync(quantity: 5)).GetProperty("id").GetGuid();
        var b = (await host.CreateProductAsync(quantity: 3)).GetProperty("id").GetGuid();
        var order = Guid.NewGuid();

        await host.PublishAsync(Placed(order, (a, 2), (b, 3)));

        var reserved = await WaitForAsync<StockReserved>(order);
        Assert.Equal(2, reserved.Lines.Single(l => l.ProductId == a).Quantity);
        Assert.Equal((5, 2), await host.StockAsync(a));
        Assert.Equal((3, 3), await host.StockAsync(b));
        var snapshots = await host.PublishedAsync<ProductUpdated>();
        Assert.Contains(snapshots, s => s.Product.ProductId == b && s.Product.QuantityAvailable == 0);
    }

    [Fact]
    public async Task One_short_line_rejects_the_whole_order_and_holds_nothing()
    {
        _ = host.Client();
        var plenty = (await host.CreateProductAsync(quantity: 50)).GetProperty("id").GetGuid();
        var scarce = (await host.CreateProductAsync(quantity: 1)).GetProperty("id").GetGuid();
        var unknown = Guid.NewGuid();
        var order = Guid.NewGuid();

        await host.PublishAsync(Placed(order, (plenty, 5), (scarce, 2), (unknown, 1)));

        var rejected = await WaitForAsync<StockRejected>(order);
        Assert.Equal(
            [new RejectedLine(scarce, 2, 1, "insufficient_stock"), new RejectedLine(unknown, 1, 0, "unknown_product")],
            rejected.Lines.OrderBy(l => l.Reason));
        Assert.Equal((50, 0), await host.StockAsync(plenty));
        Assert.Equal((1, 0), await host.StockAsync(scarce));
    }

    [Fact]
    public async Task A_second_OrderPlaced_for_the_same_order_changes_nothing()
    {
        _ = host.Client();
        var product = (await host.CreateProductAsync(quantity: 10)).GetProperty("id").GetGuid();
        var order = Guid.NewGuid();
        var placed = Placed(order, (product, 4));

        var first = await host.PublishAsync(placed);
        await WaitForAsync<StockReserved>(order);
        await host.PublishAsync(placed, first);      // a redelivery of the same message
        await host.PublishAsync(placed);             // the same order published again under a new id
        var marker = Guid.NewGuid();
        await host.PublishAsync(Placed(marker, (product, 1)));
        await WaitForAsync<StockReserved>(marker);   // delivered after the duplicates

        Assert.Equal((10, 5), await host.StockAsync(product));
        Assert.Single(await host.PublishedAsync<StockReserved>(), r => r.OrderId == order);
    }

    [Fact]
    public async Task Cancelling_releases_the_reservation_exactly_once()
    {
        _ = host.Client();
        var product = (await host.CreateProductAsync(quantity: 6)).GetProperty("id").GetGuid();
        var order = Guid.NewGuid();
        await host.PublishAsync(Placed(order, (product, 6)));
        await WaitForAsync<StockReserved>(order);

        var cancelled = new OrderCancelled(order, Guid.NewGuid(), "changed my mind", DateTime.UtcNow);
        await host.PublishAsync(cancelled);
        await host.PublishAsync(cancelled);
        var released = await Eventually.ReadAsync(() => StatusAsync(order), s => s == ReservationStatus.Released, Deadline);

        Assert.Equal(ReservationStatus.Released, released);
        var marker = Guid.NewGuid();
        await host.PublishAsync(Placed(marker, (product, 2)));
        await WaitForAsync<StockReserved>(marker);
        Assert.Equal((6, 2), await host.StockAsync(product));
    }

    [Fact]
    public async Task A_cancel_that_overtakes_its_order_means_the_order_is_never_reserved()
    {
        _ = host.Client();
        var product = (await host.CreateProductAsync(quantity: 3)).GetProperty("id").GetGuid();
        var order = Guid.NewGuid();

        await host.PublishAsync(new OrderCancelled(order, Guid.NewGuid(), "retry reordered us", DateTime.UtcNow));
        await Eventually.ReadAsync(() => StatusAsync(order), s => s == ReservationStatus.CancelledBeforePlaced, Deadline);
        await host.PublishAsync(Placed(order, (product, 3)));
        var marker = Guid.NewGuid();
        await host.PublishAsync(Placed(marker, (product, 1)));
        await WaitForAsync<StockReserved>(marker);

        Assert.Equal(ReservationStatus.CancelledBeforePlaced, await StatusAsync(order));
        Assert.Equal((3, 1), await host.StockAsync(product));
    }

    [Fact]
    public async Task Shipping_turns_the_reservation_into_a_decrement_once()
    {
        _ = host.Client();
        var product = (await host.CreateProductAsync(quantity: 8)).GetProperty("id").GetGuid();
        var order = Guid.NewGuid();
        await host.PublishAsync(Placed(order, (product, 3)));
        await WaitForAsync<StockReserved>(order);

        var shipping = new OrderStatusChanged(order, Guid.NewGuid(), "Accepted", "Shipping", 3, DateTime.UtcNow);
        await host.PublishAsync(shipping);
        await host.PublishAsync(shipping);
        await host.PublishAsync(new OrderCancelled(order, Guid.NewGuid(), "too late", DateTime.UtcNow));
        await Eventually.ReadAsync(() => StatusAsync(order), s => s == ReservationStatus.Committed, Deadline);
        var marker = Guid.NewGuid();
        await host.PublishAsync(Placed(marker, (product, 1)));
        await WaitForAsync<StockReserved>(marker);

        Assert.Equal(ReservationStatus.Committed, await StatusAsync(order));
        Assert.Equal((5, 1), await host.StockAsync(product));
    }

    [Fact]
    public async Task Concurrent_reservations_for_the_last_units_never_oversell()
    {
        _ = host.Client();
        const int Units = 10;
        const int Orders = 24;
        var product = (await host.CreateProductAsync(quantity: Units)).GetProperty("id").GetGuid();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, Orders).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            return await ReserveInOwnTransactionAsync(Guid.NewGuid(), product, 1);
        })).ToList();
        gate.SetResult();
        var outcomes = await Task.WhenAll(racers);

        Assert.Equal(Units, outcomes.Count(o => o == StockReservations.Outcome.Reserved));
        Assert.Equal(Orders - Units, outcomes.Count(o => o == StockReservations.Outcome.Rejected));
        Assert.Equal((Units, Units), await host.StockAsync(product));
        var held = await host.WithDbAsync(db => db.ReservationLines.Where(l => l.ProductId == product)
            .Join(db.Reservations.Where(r => r.Status == ReservationStatus.Reserved), l => l.OrderId, r => r.OrderId, (l, _) => l.Quantity).SumAsync());
        Assert.Equal(Units, held);
    }

    [Fact]
    public async Task Concurrent_multi_line_orders_are_all_or_nothing()
    {
        _ = host.Client();
        var a = (await host.CreateProductAsync(quantity: 5)).GetProperty("id").GetGuid();
        var b = (await host.CreateProductAsync(quantity: 5)).GetProperty("id").GetGuid();

        // Ten orders want one of each, but in opposite line orders: sorted locking keeps PostgreSQL from deadlocking.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            ReserveInOwnTransactionAsync(Guid.NewGuid(), i % 2 == 0 ? [(a, 1), (b, 1)] : [(b, 1), (a, 1)]))));

        Assert.Equal(5, outcomes.Count(o => o == StockReservations.Outcome.Reserved));
        Assert.Equal((5, 5), await host.StockAsync(a));
        Assert.Equal((5, 5), await host.StockAsync(b));
    }

    private Task<StockReservations.Outcome> ReserveInOwnTransactionAsync(Guid order, Guid product, int quantity) =>
        ReserveInOwnTransactionAsync(order, [(product, quantity)]);

    /// <summary>What the event handler does, outside the broker, so that many run at once on separate connections.</summary>
    private async Task<StockReservations.Outcome> ReserveInOwnTransactionAsync(Guid order, (Guid, int)[] lines)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                var outcome = await scope.ServiceProvider.GetRequiredService<StockReservations>()
                    .ReserveAsync(ReservationRequest.From(order, lines), CancellationToken.None);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                return outcome;
            }
            catch (Exception exception) when (attempt < 5 && IsTransient(exception))
            {
                // SQLITE_BUSY under heavy contention: the consumer runtime retries the same way.
            }
        }
    }

    private static bool IsTransient(Exception exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }
        || exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 };

    private Task<ReservationStatus?> StatusAsync(Guid order) =>
        host.WithDbAsync(db => db.Reservations.Where(r => r.OrderId == order).Select(r => (ReservationStatus?)r.Status).FirstOrDefaultAsync());

    private async Task<TEvent> WaitForAsync<TEvent>(Guid order) where TEvent : class, Contracts.IIntegrationEvent
    {
        var found = await Eventually.ReadAsync(
            async () => (await host.PublishedAsync<TEvent>()).FirstOrDefault(e => e switch
            {
                StockReserved r => r.OrderId == order,
                StockRejected r => r.OrderId == order,
                _ => false,
            }),
            e => e is not null, Deadline);
        Assert.True(found is not null, $"No {TEvent.EventType} for order {order} within {Deadline}.");
        return found;
    }

    private static OrderPlaced Placed(Guid order, params (Guid Product, int Quantity)[] lines) =>
        new(order, Guid.NewGuid(), [.. lines.Select(l => new OrderLine(l.Product, l.Quantity, 1.50m, "EUR"))], DateTime.UtcNow);
}

public sealed class ReservationsOnSqlite(SqliteCatalog host) : ReservationTests<SqliteCatalog>(host);

public sealed class ReservationsOnPostgres(PostgresCatalog host) : ReservationTests<PostgresCatalog>(host);
