using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Reservations;
using Outlay.Contracts.Ordering;
using Outlay.Messaging.Outbox;
using Outlay.Testing;

namespace Outlay.Ordering.Tests.Saga;

/// <summary>
/// The stock saga end to end across the two real services: SQLite with the embedded broker, and PostgreSQL with
/// RabbitMQ. Every test works on its own products, so the tests of a class share one running store.
/// </summary>
public abstract class SagaTests<TStore>(TStore store) : IClassFixture<TStore> where TStore : StoreFixture
{
    [Fact]
    public async Task An_order_that_fits_is_reserved_and_accepted()
    {
        var product = await store.StockProductAsync(quantity: 5, price: "12.50");

        var order = await store.PlacedOrderAsync(Guid.NewGuid(), product, 2);
        var decided = await store.DecidedAsync(order);

        Assert.Equal("accepted", decided.GetProperty("status").GetString());
        Assert.Equal("under process", decided.GetProperty("orderStatus").GetString());
        Assert.Equal("25.00", decided.GetProperty("total").GetString());
        Assert.Equal((5, 2), await store.StockAsync(product));
    }

    [Fact]
    public async Task Two_orders_racing_for_the_last_unit_one_is_accepted_one_rejected_with_reasons()
    {
        var product = await store.StockProductAsync(quantity: 1);

        var placed = await Task.WhenAll(store.PlacedOrderAsync(Guid.NewGuid(), product, 1), store.PlacedOrderAsync(Guid.NewGuid(), product, 1));
        var decisions = await Task.WhenAll(placed.Select(store.DecidedAsync));

        Assert.Single(decisions, d => d.GetProperty("status").GetString() == "accepted");
        var rejected = Assert.Single(decisions, d => d.GetProperty("status").GetString() == "rejected");
        var reason = Assert.Single(rejected.GetProperty("rejectedLines").EnumerateArray());
        Assert.Equal(product, reason.GetProperty("productId").GetGuid());
        Assert.Equal("insufficient_stock", reason.GetProperty("reason").GetString());
        Assert.Equal(0, reason.GetProperty("available").GetInt32());
        Assert.Equal((1, 1), await store.StockAsync(product));
    }

    [Fact]
    public async Task Cancelling_releases_the_reservation_exactly_once()
    {
        var product = await store.StockProductAsync(quantity: 10);
        var buyer = Guid.NewGuid();
        var cancelled = await store.PlacedOrderAsync(buyer, product, 1);
        var kept = await store.PlacedOrderAsync(Guid.NewGuid(), product, 3);
        await store.DecidedAsync(cancelled);
        await store.DecidedAsync(kept);
        Assert.Equal((10, 4), await store.StockAsync(product));

        var response = await store.Ordering.As(buyer).PostAsJsonAsync($"/api/orders/{cancelled}/cancel", new { reason = "found it cheaper" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var released = await Eventually.ReadAsync(() => store.StockAsync(product), s => s.Reserved == 3, StoreFixture.Deadline);
        Assert.Equal((10, 3), released);

        // The same cancellation delivered again (a redelivery, a second publish) must not release a second time.
        var again = new OrderCancelled(cancelled, buyer, "duplicate", DateTime.UtcNow);
        await store.Catalog.PublishAsync(again, "ordering");
        await store.Catalog.PublishAsync(again, "ordering");
        await AfterCatalogCaughtUpAsync(product);
        Assert.Equal((10, 4), await store.StockAsync(product));
        Assert.Equal(ReservationStatus.Released, await ReservationStatusAsync(cancelled));
        var order = await store.Ordering.As(buyer).GetFromJsonAsync<JsonElement>($"/api/orders/{cancelled}");
        Assert.Equal("cancelled", order.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await store.Ordering.As(buyer).PostAsync($"/api/orders/{cancelled}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_OrderPlaced_changes_nothing()
    {
        var product = await store.StockProductAsync(quantity: 4);
        var order = await store.PlacedOrderAsync(Guid.NewGuid(), product, 2);
        var decided = await store.DecidedAsync(order);
        var placed = await store.Ordering.WithDbAsync(async db => (await db.Set<OutboxMessage>().AsNoTracking()
            .SingleAsync(m => m.Type == OrderPlaced.EventType && m.AggregateKey == order.ToString())));

        await store.Catalog.Transport.PublishAsync(new Messaging.Transport.TransportMessage(placed.MessageId, placed.Type,
            System.Text.Encoding.UTF8.GetBytes(placed.Payload), new Dictionary<string, string> { ["outlay-source"] = "ordering" }), CancellationToken.None);
        await store.Catalog.PublishAsync(JsonSerializer.Deserialize<OrderPlaced>(placed.Payload, Messaging.EventSerializer.Options)!, "ordering");
        await AfterCatalogCaughtUpAsync(product);

        Assert.Equal((4, 3), await store.StockAsync(product));
        var answers = await store.Catalog.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.AggregateKey == order.ToString()));
        Assert.Equal(1, answers);
        var after = await store.Ordering.As(store.AdminId, "admin").GetFromJsonAsync<JsonElement>($"/api/orders/{order}");
        Assert.Equal(decided.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Fifty_concurrent_orders_for_ten_units_accept_exactly_ten_and_never_oversell()
    {
        var product = await store.StockProductAsync(quantity: 10);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.PlaceAsync(Guid.NewGuid(), product, 1)));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity, r.StatusCode.ToString()));
        var placed = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Created)
            .Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        var decisions = await Task.WhenAll(placed.Select(store.DecidedAsync));

        Assert.Equal(10, decisions.Count(d => d.GetProperty("status").GetString() == "accepted"));
        Assert.All(decisions.Where(d => d.GetProperty("status").GetString() != "accepted"), d => Assert.Equal("rejected", d.GetProperty("status").GetString()));
        Assert.Equal((10, 10), await store.StockAsync(product));
    }

    [Fact]
    public async Task Shipping_decrements_the_stock_on_hand_once()
    {
        var product = await store.StockProductAsync(quantity: 7);
        var order = await store.PlacedOrderAsync(Guid.NewGuid(), product, 3);
        await store.DecidedAsync(order);
        var admin = store.Ordering.As(store.AdminId, "admin");

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/orders/{order}/status", new { orderStatus = "shipping" })).StatusCode);
        var stock = await Eventually.ReadAsync(() => store.StockAsync(product), s => s.OnHand == 4, StoreFixture.Deadline);
        Assert.Equal((4, 0), stock);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/orders/{order}/status", new { orderStatus = "delivered" })).StatusCode);
        Assert.Equal((4, 0), await store.StockAsync(product));
        Assert.Equal(ReservationStatus.Committed, await ReservationStatusAsync(order));
    }

    /// <summary>
    /// Publishes one more order for a unit of <paramref name="product"/> after the events under test, from the same
    /// producer, and waits until Catalog has decided it: the events before it have been handled by then.
    /// </summary>
    private async Task AfterCatalogCaughtUpAsync(Guid product)
    {
        var marker = Guid.NewGuid();
        await store.Catalog.PublishAsync(new OrderPlaced(marker, Guid.NewGuid(), [new OrderLine(product, 1, 1m, "EUR")], DateTime.UtcNow), "ordering");
        var decided = await Eventually.ReadAsync(() => ReservationStatusAsync(marker), s => s is not null, StoreFixture.Deadline);
        Assert.Equal(ReservationStatus.Reserved, decided);
    }

    private Task<ReservationStatus?> ReservationStatusAsync(Guid order) =>
        store.Catalog.WithDbAsync(db => db.Reservations.Where(r => r.OrderId == order).Select(r => (ReservationStatus?)r.Status).FirstOrDefaultAsync());
}

public sealed class SagaOnSqliteWithEmbeddedBroker(SqliteEmbeddedStore store) : SagaTests<SqliteEmbeddedStore>(store);

[Collection(SharedRabbitMqQueues.Name)]
public sealed class SagaOnPostgresWithRabbitMq(PostgresRabbitMqStore store) : SagaTests<PostgresRabbitMqStore>(store);
