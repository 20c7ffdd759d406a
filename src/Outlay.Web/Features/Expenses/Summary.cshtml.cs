using System.Globalization;

using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;
using Outlay.Web.Rendering;

namespace Outlay.Web.Features.Expenses;

/// <summary>Totals for a range of months, by category and by month, drawn as server-side SVG charts, one currency at a time.</summary>
public sealed class SummaryModel(ExpensesApi expenses) : OutlayPage
{
    private const int DefaultMonths = 6;

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Currency { get; set; }

    public Period? Period { get; private set; }

    public IReadOnlyList<CurrencyTotal> Totals { get; private set; } = [];

    public IReadOnlyList<SummaryGroup> ByCategory { get; private set; } = [];

    public IReadOnlyList<SummaryGroup> ByMonth { get; private set; } = [];

    public string? ShownCurrency { get; private set; }

    public IReadOnlyList<ChartBar> CategoryBars =>
        [.. ByCategory.Where(g => g.Currency == ShownCurrency).Select(g => new ChartBar(g.Label, Money.Parse(g.Total), Money.Show(g.Total, g.Currency)))];

    public IReadOnlyList<ChartBar> MonthBars =>
        [.. ByMonth.Where(g => g.Currency == ShownCurrency).Select(g => new ChartBar(MonthName(g.Label), Money.Parse(g.Total), Money.Show(g.Total, g.Currency)))];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var fields = FieldMap.For("", "from", "to");
        if (string.IsNullOrWhiteSpace(From))
        {
            // The API knows "this month" in the user's time zone; the default view ends there.
            var current = await expenses.SummaryAsync(null, null, "month", cancellationToken);
            if (!current.Succeeded)
            {
                return await ProblemAsync(current.Problem!, fields);
            }

            To = current.Value.To;
            From = DateOnly.ParseExact(To + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1 - DefaultMonths).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }

        var byCategory = expenses.SummaryAsync(From, To, "category", cancellationToken);
        var byMonth = expenses.SummaryAsync(From, To, "month", cancellationToken);
        var (categories, months) = (await byCategory, await byMonth);
        if (!categories.Succeeded || !months.Succeeded)
        {
            return await ProblemAsync((categories.Problem ?? months.Problem)!, fields);
        }

        Period = new Period(categories.Value.From, categories.Value.To);
        Totals = categories.Value.Totals;
        ByCategory = categories.Value.Groups;
        ByMonth = FillMonths(months.Value.Groups, Period);
        ShownCurrency = Totals.Any(t => t.Currency == Currency) ? Currency : Totals.Count > 0 ? Totals[0].Currency : null;
        return Page();
    }

    /// <summary>Months without expenses are shown as zero, so the time line has no gaps.</summary>
    private static List<SummaryGroup> FillMonths(IReadOnlyList<SummaryGroup> groups, Period period)
    {
        var filled = new List<SummaryGroup>();
        foreach (var currency in groups.Select(g => g.Currency).Distinct())
        {
            for (var month = period.FirstDay; month <= period.LastDay; month = month.AddMonths(1))
            {
                var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                filled.Add(groups.FirstOrDefault(g => g.Currency == currency && g.Key == key) ?? new SummaryGroup(key, key, currency, "0", 0));
            }
        }

        return filled;
    }

    private static string MonthName(string month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("MMM yy", CultureInfo.InvariantCulture)
            : month;
}
