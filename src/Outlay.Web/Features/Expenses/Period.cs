using System.Globalization;

namespace Outlay.Web.Features.Expenses;

/// <summary>A range of whole months ("2026-01" to "2026-03"), the unit the summaries and the list's total use.</summary>
public sealed record Period(string From, string To)
{
    public DateOnly FirstDay => Month(From);

    public DateOnly LastDay => Month(To).AddMonths(1).AddDays(-1);

    public string Label => From == To ? Name(From) : $"{Name(From)} – {Name(To)}";

    public static bool IsMonth(string? text) =>
        text is not null && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static DateOnly Month(string text) => DateOnly.ParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Name(string month) => Month(month).ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
