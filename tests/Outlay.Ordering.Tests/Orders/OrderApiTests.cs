using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Catalog;
using Outlay.Testing;

namespace Outlay.Ordering.Tests.Orders;

/// <summary>Placing, reading and changing orders through the API, with the replicas fed by published events.</summary>
public abstract class OrderApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : OrderingFixture
{
    [Fact]
    public async Task An_order_is_priced_from_the_replica_and_defaults_to_the_buyers_profile()
    {
        var buyer = Guid.NewGuid();
        await fixture.ProfileAsync(buyer, 1, "jane@example.com", "9 Profile Road", registered: true);
        await Eventually.ReadAsync(() => fixture.BuyerVersionAsync(buyer), v => v == 1, OrderingFixture.Deadline);
        var product = await fixture.ProductAsync(price: 4.25m);

        var response = await fixture.Service.As(buyer).PostAsync("/api/orders", OrderingFixture.Order(product, 3));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal("12.75", order.GetProperty("total").GetString());
        Assert.Equal("4.25", order.GetProperty("items")[0].GetProperty("unitPrice").GetString());
        Assert.Equal("9 Profile Road", order.GetProperty("deliveryAddress").GetProperty("street").GetString());
        Assert.Equal(["jane@example.com"], order.GetProperty("userEmails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/orders/{order.GetProperty("id").GetGuid()}");
    }

    [Fact]
    public async Task An_idempotency_key_returns_the_first_order_instead_of_a_second()
    {
        var buyer = Guid.NewGuid();
        var product = await fixture.ProductAsync();
        var client = fixture.Service.As(buyer);

        async Task<HttpResponseMessage> PostAsync(string key, int quantity)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = OrderingFixture.Order(product, quantity, OrderingFixture.Address()) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync("key-1", 2)));
        var ids = await Task.WhenAll(responses.Select(async r =>
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }));
        Assert.Single(ids.Distinct());
        Assert.Contains(responses, r => r.Headers.Contains("Idempotent-Replayed"));
        await ProblemAssert.IsProblemAsync(await PostAsync("key-1", 3), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("key-2", 2)).StatusCode);
        Assert.Equal(2, await fixture.Service.WithDbAsync(db => db.Orders.CountAsync(o => o.BuyerId == buyer)));
        var orderIds = await fixture.Service.WithDbAsync(db => db.Orders.Where(o => o.BuyerId == buyer).Select(o => o.Id).ToListAsync());
        var keys = orderIds.Select(id => id.ToString()).ToList();
        Assert.Equal(2, await fixture.Service.WithDbAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .CountAsync(m => m.Type == Contracts.Ordering.OrderPlaced.EventType && keys.Contains(m.AggregateKey!))));
    }

    [Fact]
    public async Task Bad_orders_are_problems_and_store_nothing()
    {
        var buyer = Guid.NewGuid();
        var product = await fixture.ProductAsync(available: 2);
        var retired = await fixture.ProductAsync(retired: true);
        var dollars = await fixture.ProductAsync(currency: "USD");
        var client = fixture.Service.As(buyer);

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/orders", new { items = Array.Empty<object>() }), HttpStatusCode.BadRequest, "items");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/orders", new
        {
            items = new object[] { new { productId = product, quantity = 0 }, new { productId = (Guid?)null, quantity = 1 } },
            emails = new[] { "not-an-email" },
            deliveryAddress = new { street = "x", city = "", state = "CA", country = "USA" },
        }), HttpStatusCode.BadRequest, "items[0].quantity", "items[1].productId", "emails[0]", "deliveryAddress.city", "deliveryAddress.postalCode");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/orders", OrderingFixture.Order(product, 3, OrderingFixture.Address())), HttpStatusCode.UnprocessableEntity, "items[0].quantity");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/orders", OrderingFixture.Order(retired, 1, OrderingFixture.Address())), HttpStatusCode.UnprocessableEntity, "items[0].productId");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/orders", OrderingFixture.Order(Guid.NewGuid(), 1, OrderingFixture.Address())), HttpStatusCode.UnprocessableEntity, "items[0].productId");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/orders", new
        {
            items = new[] { new { productId = product, quantity = 1 }, new { productId = dollars, quantity = 1 } },
            deliveryAddress = OrderingFixture.Address(),
        }), HttpStatusCode.UnprocessableEntity, "items");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/orders", OrderingFixture.Order(product)), HttpStatusCode.UnprocessableEntity, "deliveryAddress");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/orders", new StringContent("{\"items\":[{\"productId\":\"nope\"}]}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        var huge = new StringContent("{\"items\":[],\"emails\":[\"" + new string('a', 70_000) + "\"]}", Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/orders", huge), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(0, await fixture.Service.WithDbAsync(db => db.Orders.CountAsync(o => o.BuyerId == buyer)));
    }

    [Fact]
    public async Task An_older_product_snapshot_never_overwrites_a_newer_one()
    {
        var product = await fixture.ProductAsync(price: 10m);
        await fixture.ProductAsync(id: product, version: 5, price: 20m);

        await fixture.Service.PublishAsync(new ProductUpdated(new ProductSnapshot(product, 3, "stale", 1m, "EUR", 999, false)), "catalog");
        await fixture.Service.PublishAsync(new ProductUpdated(new ProductSnapshot(product, 5, "same version", 2m, "EUR", 999, false)), "catalog");
        await fixture.ProductAsync(id: product, version: 6, price: 20m, available: 10); // handled after the stale ones

        var placed = await fixture.Service.As(Guid.NewGuid()).PostAsync("/api/orders", OrderingFixture.Order(product, 1, OrderingFixture.Address()));
        Assert.Equal("20.00", (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetString());
    }

    [Fact]
    public async Task Users_see_their_own_orders_admins_see_all_and_filter_by_status()
    {
        var product = await fixture.ProductAsync(available: 100);
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        var aliceOrder = await PlaceAsync(alice, product);
        var bobOrder = await PlaceAsync(bob, product);
        await fixture.Service.PublishAsync(new StockReserved(aliceOrder, [new ReservedLine(product, 1)]), "catalog");
        await WaitForStatusAsync(aliceOrder, "accepted");

        var mine = await fixture.Service.As(alice).GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Equal([aliceOrder], mine.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Service.As(alice).GetAsync($"/api/orders/{bobOrder}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Service.As(alice).PostAsync($"/api/orders/{bobOrder}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Service.As(alice).PutAsJsonAsync($"/api/orders/{bobOrder}/details", new { emails = new[] { "x@example.com" } })).StatusCode);
        await ProblemAssert.IsProblemAsync(await fixture.Service.As(alice).GetAsync($"/api/orders?buyerId={bob}"), HttpStatusCode.BadRequest, "buyerId");

        var admin = fixture.Service.As(Guid.NewGuid(), "admin");
        var underProcess = await admin.GetFromJsonAsync<JsonElement>($"/api/orders?status=under%20process&buyerId={alice}");
        Assert.Equal([aliceOrder], underProcess.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
        var pending = await admin.GetFromJsonAsync<JsonElement>($"/api/orders?status=pending&buyerId={bob}");
        Assert.Equal([bobOrder], pending.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/orders?status=lost&pageSize=1000"), HttpStatusCode.BadRequest, "status", "pageSize");
    }

    [Fact]
    public async Task Status_changes_follow_the_lifecycle_and_invalid_ones_are_409()
    {
        var product = await fixture.ProductAsync(available: 100);
        var buyer = Guid.NewGuid();
        var order = await PlaceAsync(buyer, product);
        var admin = fixture.Service.As(Guid.NewGuid(), "admin");

        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync($"/api/orders/{order}/status", new { orderStatus = "shipping" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync($"/api/orders/{order}/status", new { orderStatus = "under process" }), HttpStatusCode.BadRequest, "orderStatus");
        await ProblemAssert.IsProblemAsync(await fixture.Service.As(buyer).PutAsJsonAsync($"/api/orders/{order}/status", new { orderStatus = "shipping" }), HttpStatusCode.Forbidden);
        await fixture.Service.PublishAsync(new StockReserved(order, [new ReservedLine(product, 1)]), "catalog");
        await WaitForStatusAsync(order, "accepted");

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/orders/{order}/status", new { orderStatus = "shipping" })).StatusCode);
        await ProblemAssert.IsProblemAsync(await fixture.Service.As(buyer).PostAsync($"/api/orders/{order}/cancel", null), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await fixture.Service.As(buyer).PutAsJsonAsync($"/api/orders/{order}/details", new { deliveryAddress = OrderingFixture.Address("elsewhere") }), HttpStatusCode.Conflict);
        var delivered = await admin.PutAsJsonAsync($"/api/orders/{order}/status", new { status = "delivered" });
        Assert.Equal("delivered", (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderStatus").GetString());
        var changes = await fixture.Service.WithDbAsync(db => db.Set<Messaging.Outbox.OutboxMessage>()
            .Where(m => m.AggregateKey == order.ToString() && m.Type == Contracts.Ordering.OrderStatusChanged.EventType).CountAsync());
        Assert.Equal(3, changes);
    }

    [Fact]
    public async Task A_late_stock_answer_for_a_cancelled_order_changes_nothing()
    {
        var product = await fixture.ProductAsync(available: 100);
        var buyer = Guid.NewGuid();
        var order = await PlaceAsync(buyer, product);
        var cancel = await fixture.Service.As(buyer).PostAsJsonAsync($"/api/orders/{order}/cancel", new { reason = "mistake" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        await fixture.Service.PublishAsync(new StockReserved(order, [new ReservedLine(product, 1)]), "catalog");
        var other = await PlaceAsync(buyer, product);
        await fixture.Service.PublishAsync(new StockRejected(other, [new RejectedLine(product, 1, 0, "insufficient_stock")]), "catalog");
        await WaitForStatusAsync(other, "rejected");

        var after = await fixture.Service.As(buyer).GetFromJsonAsync<JsonElement>($"/api/orders/{order}");
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Equal("mistake", after.GetProperty("cancelReason").GetString());
    }

    [Fact]
    public async Task A_profile_change_updates_open_orders_and_leaves_shipped_ones_alone()
    {
        var product = await fixture.ProductAsync(available: 100);
        var buyer = Guid.NewGuid();
        await fixture.ProfileAsync(buyer, 1, "old@example.com", "1 Old Street", registered: true);
        await Eventually.ReadAsync(() => fixture.BuyerVersionAsync(buyer), v => v == 1, OrderingFixture.Deadline);
        var pending = await PlaceAsync(buyer, product, address: null);
        var shipped = await PlaceAsync(buyer, product, address: null);
        await fixture.Service.PublishAsync(new StockReserved(shipped, [new ReservedLine(product, 1)]), "catalog");
        await WaitForStatusAsync(shipped, "accepted");
        var admin = fixture.Service.As(Guid.NewGuid(), "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/orders/{shipped}/status", new { orderStatus = "shipping" })).StatusCode);

        await fixture.ProfileAsync(buyer, 3, "new@example.com", "3 New Street");
        await fixture.ProfileAsync(buyer, 2, "stale@example.com", "2 Stale Street");
        await fixture.ProfileAsync(Guid.NewGuid(), 1, "marker@example.com", "marker", registered: true);
        await Eventually.ReadAsync(() => fixture.BuyerVersionAsync(buyer), v => v == 3, OrderingFixture.Deadline);

        var open = await admin.GetFromJsonAsync<JsonElement>($"/api/orders/{pending}");
        Assert.Equal("3 New Street", open.GetProperty("deliveryAddress").GetProperty("street").GetString());
        Assert.Equal(["new@example.com"], open.GetProperty("userEmails").EnumerateArray().Select(e => e.GetString()));
        var left = await admin.GetFromJsonAsync<JsonElement>($"/api/orders/{shipped}");
        Assert.Equal("1 Old Street", left.GetProperty("deliveryAddress").GetProperty("street").GetString());
        Assert.Equal(3, await fixture.BuyerVersionAsync(buyer));
    }

    [Fact]
    public async Task Metrics_count_orders_and_pass_promtool()
    {
        var product = await fixture.ProductAsync(available: 100);
        var order = await PlaceAsync(Guid.NewGuid(), product);
        await fixture.Service.PublishAsync(new StockReserved(order, [new ReservedLine(product, 1)]), "catalog");
        await WaitForStatusAsync(order, "accepted");

        var metrics = await Eventually.ReadAsync(() => fixture.Service.Client().GetStringAsync("/metrics"),
            m => m.Contains("outlay_ordering_orders{status=\"accepted\"}", StringComparison.Ordinal) && !m.Contains("outlay_ordering_orders{status=\"accepted\"} 0", StringComparison.Ordinal),
            OrderingFixture.Deadline);
        Assert.Contains("outlay_ordering_orders_placed_total", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_ordering_orders_accepted_total", metrics, StringComparison.Ordinal);
        Assert.Contains("outlay_ordering_saga_decision_duration_seconds_bucket{outcome=\"accepted\"", metrics, StringComparison.Ordinal);
        // A decision that waited for Catalog (down or behind) lands in a bucket of minutes, not in +Inf.
        Assert.Contains("outlay_ordering_saga_decision_duration_seconds_bucket{outcome=\"accepted\",le=\"900\"}", metrics, StringComparison.Ordinal);
        Promtool.AssertAccepts(metrics);
    }

    private async Task<Guid> PlaceAsync(Guid buyer, Guid product, object? address = null, bool defaultAddress = true)
    {
        var response = await fixture.Service.As(buyer).PostAsync("/api/orders", OrderingFixture.Order(product, 1, address ?? (defaultAddress && address is null && await fixture.BuyerVersionAsync(buyer) == 0 ? OrderingFixture.Address() : null)));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task WaitForStatusAsync(Guid order, string status)
    {
        var admin = fixture.Service.As(Guid.NewGuid(), "admin");
        var read = await Eventually.ReadAsync(() => admin.GetFromJsonAsync<JsonElement>($"/api/orders/{order}"),
            o => o.GetProperty("status").GetString() == status, OrderingFixture.Deadline);
        Assert.Equal(status, read.GetProperty("status").GetString());
    }
}

public sealed class OrderApiOnSqlite(SqliteOrdering fixture) : OrderApiTests<SqliteOrdering>(fixture);

public sealed class OrderApiOnPostgres(PostgresOrdering fixture) : OrderApiTests<PostgresOrdering>(fixture);
