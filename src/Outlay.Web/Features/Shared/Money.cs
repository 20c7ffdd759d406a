using System.Globalization;

using Outlay.Web.Features.Expenses;

namespace Outlay.Web.Features.Shared;

/// <summary>Shown amounts, for every page (expenses, claims, store): they arrive as strings ("12.34"); sums are done in decimal, never in floating point.</summary>
public static class Money
{
    public static decimal Parse(string amount) => decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string Show(string amount, string currency) =>
        $"{Parse(amount).ToString("#,0.00##", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>Adds the summary groups of the chosen categories, per currency (amounts in different currencies never add up).</summary>
    public static IReadOnlyList<CurrencyTotal> TotalOf(IEnumerable<SummaryGroup> groups) =>
    [
        .. groups.GroupBy(g => g.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(x => Parse(x.Total)).ToString(CultureInfo.InvariantCulture), g.Sum(x => x.Count))),
    ];
}
