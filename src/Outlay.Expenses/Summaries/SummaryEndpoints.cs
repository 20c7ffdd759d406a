using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.Expenses.Money;
using Outlay.Expenses.Settings;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Summaries;

/// <summary>
/// <c>/api/expenses/summary</c>: totals and counts per currency for a range of months, grouped by category,
/// month or tag. Read from the rollup with database aggregates; the cost depends on the months asked for,
/// never on how many expenses the user has.
/// </summary>
public static class SummaryEndpoints
{
    public const int MaxMonths = 120;
    public static readonly IReadOnlyList<string> Groupings = ["category", "month", "tag"];

    public static IEndpointRouteBuilder MapSummaryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/expenses/summary", Get).RequireAuthorization(OutlayPolicies.User).WithTags("Summaries");
        return app;
    }

    /// <param name="from">First month, "2026-01"; defaults to this month in the user's time zone.</param>
    /// <param name="to">Last month, inclusive; defaults to <paramref name="from"/>.</param>
    /// <param name="groupBy">category (default), month or tag.</param>
    public static async Task<Results<Ok<Summary>, ValidationProblem>> Get(
        string? from, string? to, string? groupBy, ClaimsPrincipal user, ExpensesDbContext db, UserCalendar calendar, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var settings = await calendar.ForAsync(userId, cancellationToken);
        var errors = new ValidationErrors();
        var first = settings.ThisMonth;
        if (from is not null && !MonthKey.TryParse(from, out first))
        {
            errors.Add("from", "A month is written 2026-01.");
        }

        var last = first;
        if (to is not null && !MonthKey.TryParse(to, out last))
        {
            errors.Add("to", "A month is written 2026-01.");
        }

        if (errors.IsValid && (last < first || first.MonthsUntil(last) >= MaxMonths))
        {
            errors.Add("to", $"'to' is on or after 'from', at most {MaxMonths} months later.");
        }

        var grouping = groupBy ?? "category";
        if (!Groupings.Contains(grouping))
        {
            errors.Add("groupBy", $"Group by one of {string.Join(", ", Groupings)}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var cells = db.CategoryMonthTotals.AsNoTracking().Where(t => t.UserId == userId && t.Month >= first.Value && t.Month <= last.Value);
        var totals = await cells.GroupBy(t => t.Currency)
            .Select(g => new { Currency = g.Key, Units = g.Sum(t => t.TotalUnits), Count = g.Sum(t => t.EntryCount) })
            .ToListAsync(cancellationToken);
        var groups = grouping switch
        {
            "month" => await ByMonthAsync(cells, cancellationToken),
            "tag" => await ByTagAsync(db, userId, first, last, cancellationToken),
            _ => await ByCategoryAsync(db, cells, cancellationToken),
        };
        return TypedResults.Ok(new Summary(first.ToString(), last.ToString(), settings.TimeZone, grouping,
            [.. totals.OrderBy(t => t.Currency, StringComparer.Ordinal).Select(t => new CurrencyTotal(t.Currency, MoneyText.Format(MoneyUnits.FromUnits(t.Units), t.Currency), t.Count))],
            groups));
    }

    private static async Task<List<SummaryGroup>> ByCategoryAsync(ExpensesDbContext db, IQueryable<CategoryMonthTotal> cells, CancellationToken cancellationToken)
    {
        var rows = await cells.GroupBy(t => new { t.CategoryId, t.Currency })
            .Select(g => new { g.Key.CategoryId, g.Key.Currency, Units = g.Sum(t => t.TotalUnits), Count = g.Sum(t => t.EntryCount) })
            .Join(db.Categories, g => g.CategoryId, c => c.Id, (g, c) => new { g.CategoryId, c.Name, g.Currency, g.Units, g.Count })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Units).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => Group(r.CategoryId.ToString(), r.Name, r.Currency, r.Units, r.Count))];
    }

    private static async Task<List<SummaryGroup>> ByMonthAsync(IQueryable<CategoryMonthTotal> cells, CancellationToken cancellationToken)
    {
        var rows = await cells.GroupBy(t => new { t.Month, t.Currency })
            .Select(g => new { g.Key.Month, g.Key.Currency, Units = g.Sum(t => t.TotalUnits), Count = g.Sum(t => t.EntryCount) })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Month).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .Select(r => Group(new MonthKey(r.Month).ToString(), new MonthKey(r.Month).ToString(), r.Currency, r.Units, r.Count))];
    }

    private static async Task<List<SummaryGroup>> ByTagAsync(ExpensesDbContext db, Guid userId, MonthKey first, MonthKey last, CancellationToken cancellationToken)
    {
        var rows = await db.TagMonthTotals.AsNoTracking().Where(t => t.UserId == userId && t.Month >= first.Value && t.Month <= last.Value)
            .GroupBy(t => new { t.Tag, t.Currency })
            .Select(g => new { g.Key.Tag, g.Key.Currency, Units = g.Sum(t => t.TotalUnits), Count = g.Sum(t => t.EntryCount) })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Units).ThenBy(r => r.Tag, StringComparer.Ordinal)
            .Select(r => Group(r.Tag, r.Tag, r.Currency, r.Units, r.Count))];
    }

    private static SummaryGroup Group(string key, string label, string currency, long units, int count) =>
        new(key, label, currency, MoneyText.Format(MoneyUnits.FromUnits(units), currency), count);
}

public sealed record Summary(string From, string To, string TimeZone, string GroupBy, IReadOnlyList<CurrencyTotal> Totals, IReadOnlyList<SummaryGroup> Groups);

public sealed record CurrencyTotal(string Currency, string Total, int Count);

/// <summary>One group in one currency: amounts in different currencies are never added together.</summary>
public sealed record SummaryGroup(string Key, string Label, string Currency, string Total, int Count);
