using Outlay.Catalog.Reservations;
using Outlay.Contracts.Catalog;

namespace Outlay.Catalog.Tests;

/// <summary>The all-or-nothing rule on its own: which lines of an order cannot be reserved against a given stock.</summary>
public sealed class ReservationRuleTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    [Fact]
    public void Repeated_products_are_merged_and_lines_sorted_by_product()
    {
        var request = ReservationRequest.From(Guid.NewGuid(), [(B, 1), (A, 2), (B, 3)]);
        Assert.Equal([new ReservedLine(A, 2), new ReservedLine(B, 4)], request.Lines);
    }

    [Fact]
    public void An_order_that_fits_has_no_shortfall()
    {
        var request = ReservationRequest.From(Guid.NewGuid(), [(A, 2), (B, 5)]);
        Assert.Empty(request.Shortfalls(new Dictionary<Guid, (int, bool)> { [A] = (2, false), [B] = (9, false) }));
    }

    [Fact]
    public void Every_line_that_cannot_be_served_is_named_with_its_reason()
    {
        var request = ReservationRequest.From(Guid.NewGuid(), [(A, 3), (B, 1), (C, 1)]);

        var shortfalls = request.Shortfalls(new Dictionary<Guid, (int, bool)> { [A] = (2, false), [B] = (5, true) });

        Assert.Equal(
        [
            new RejectedLine(A, 3, 2, ReservationRequest.InsufficientStock),
            new RejectedLine(B, 1, 5, ReservationRequest.RetiredProduct),
            new RejectedLine(C, 1, 0, ReservationRequest.UnknownProduct),
        ], shortfalls);
    }

    [Fact]
    public void One_short_line_rejects_the_order_even_when_the_others_fit()
    {
        var request = ReservationRequest.From(Guid.NewGuid(), [(A, 1), (B, 2)]);
        var shortfalls = request.Shortfalls(new Dictionary<Guid, (int, bool)> { [A] = (100, false), [B] = (1, false) });
        Assert.Equal([B], shortfalls.Select(s => s.ProductId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void A_quantity_below_one_is_never_reservable(int quantity)
    {
        var request = ReservationRequest.From(Guid.NewGuid(), [(A, quantity)]);
        var shortfall = Assert.Single(request.Shortfalls(new Dictionary<Guid, (int, bool)> { [A] = (10, false) }));
        Assert.Equal(ReservationRequest.InvalidQuantity, shortfall.Reason);
    }
}
