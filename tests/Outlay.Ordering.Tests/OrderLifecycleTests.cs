using Outlay.Ordering.Orders;

namespace Outlay.Ordering.Tests;

/// <summary>The order state machine on its own.</summary>
public sealed class OrderLifecycleTests
{
    public static TheoryData<OrderStatus, OrderStatus> Allowed => new()
    {
        { OrderStatus.Pending, OrderStatus.Accepted },
        { OrderStatus.Pending, OrderStatus.Rejected },
        { OrderStatus.Pending, OrderStatus.Cancelled },
        { OrderStatus.Accepted, OrderStatus.Shipping },
        { OrderStatus.Accepted, OrderStatus.Cancelled },
        { OrderStatus.Shipping, OrderStatus.Delivered },
    };

    [Fact]
    public void Exactly_the_listed_moves_are_allowed()
    {
        var allowed = Allowed.Select(row => row.Data).ToHashSet();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                Assert.True(allowed.Contains((from, to)) == OrderLifecycle.CanMove(from, to), $"{from} -> {to}");
            }
        }
    }

    [Fact]
    public void A_move_bumps_the_version_and_a_decision_is_timestamped()
    {
        var order = NewOrder();
        var now = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        Assert.Equal(OrderStatus.Pending, order.MoveTo(OrderStatus.Accepted, now));
        Assert.Equal(2, order.Version);
        Assert.Equal(now, order.DecidedAt);
        Assert.Null(order.MoveTo(OrderStatus.Rejected, now));
        Assert.Null(order.MoveTo(OrderStatus.Delivered, now));
        Assert.Equal(OrderStatus.Accepted, order.Status);
        Assert.Equal(2, order.Version);
    }

    [Theory]
    [InlineData(OrderStatus.Rejected)]
    [InlineData(OrderStatus.Shipping)]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Cancelled)]
    public void Only_pending_and_accepted_orders_are_open_for_changes(OrderStatus status) =>
        Assert.False(OrderLifecycle.IsOpen(status));

    [Theory]
    [InlineData("under process", OrderStatus.Accepted)]
    [InlineData("UNDER PROCESS", OrderStatus.Accepted)]
    [InlineData("accepted", OrderStatus.Accepted)]
    [InlineData("Shipping", OrderStatus.Shipping)]
    [InlineData("delivered", OrderStatus.Delivered)]
    public void Statuses_are_read_by_name_or_seed_label(string text, OrderStatus expected) =>
        Assert.Equal(expected, OrderLifecycle.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("sent")]
    [InlineData(null)]
    public void Anything_else_is_not_a_status(string? text) => Assert.Null(OrderLifecycle.Parse(text));

    [Fact]
    public void An_accepted_order_is_labelled_under_process_as_in_seed_003()
    {
        Assert.Equal("under process", OrderLifecycle.Label(OrderStatus.Accepted));
        Assert.Equal("accepted", OrderLifecycle.Name(OrderStatus.Accepted));
    }

    private static Order NewOrder() => new()
    {
        Id = Guid.NewGuid(),
        Currency = "EUR",
        DeliveryAddress = new DeliveryAddress("1 Main St", "Springfield", "IL", "62701", "USA"),
        Version = 1,
    };
}
