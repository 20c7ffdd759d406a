using Outlay.Expenses.Money;
using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.Tests.Unit;

/// <summary>The storage side of money in Expenses; parsing, checking and formatting are tested with ServiceDefaults.</summary>
public sealed class MoneyUnitsTests
{
    [Fact]
    public void Decimal_arithmetic_is_exact_where_binary_floating_point_is_not()
    {
        // The classic 0.1 + 0.2: in double it is 0.30000000000000004.
        Assert.True(MoneyText.TryParse("0.1", out var a));
        Assert.True(MoneyText.TryParse("0.2", out var b));
        Assert.Equal(MoneyUnits.ToUnits(0.3m), MoneyUnits.ToUnits(a) + MoneyUnits.ToUnits(b));
        Assert.Equal("0.30", MoneyText.Format(MoneyUnits.FromUnits(MoneyUnits.ToUnits(a) + MoneyUnits.ToUnits(b)), "EUR"));
        Assert.NotEqual(0.3, 0.1 + 0.2);
    }

    [Fact]
    public void The_largest_amounts_sum_exactly_in_units()
    {
        var units = MoneyUnits.ToUnits(MoneyText.Max);
        Assert.Equal(10_000_000_000_000L, units);
        var total = units * 900_000; // 900,000 entries at the maximum still fit a 64-bit sum
        Assert.Equal(900_000_000_000_000m, MoneyUnits.FromUnits(total));
    }
}
