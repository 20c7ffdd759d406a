namespace Outlay.Expenses.Money;

/// <summary>
/// Expenses store every amount twice: as <c>numeric</c> for people and as an exact integer count of ten-thousandths
/// ("units") that both providers can sum, sort and compare.
/// </summary>
public static class MoneyUnits
{
    /// <summary>10^<see cref="ServiceDefaults.Money.Currencies.MaxDigits"/>: every currency's minor unit is a whole number of units.</summary>
    public const long PerMajor = 10_000;

    public static long ToUnits(decimal amount) => decimal.ToInt64(amount * PerMajor);

    public static decimal FromUnits(long units) => units / (decimal)PerMajor;
}
