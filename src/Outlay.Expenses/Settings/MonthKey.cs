using System.Globalization;

namespace Outlay.Expenses.Settings;

/// <summary>A calendar month as the integer yyyymm, which sorts and ranges like the months it names.</summary>
public readonly record struct MonthKey(int Value) : IComparable<MonthKey>
{
    public int Year => Value / 100;
    public int Month => Value % 100;

    public static MonthKey Of(DateOnly date) => new((date.Year * 100) + date.Month);

    public static MonthKey Of(int year, int month) => new((year * 100) + month);

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public int MonthsUntil(MonthKey later) => (later.Year * 12) + later.Month - ((Year * 12) + Month);

    public MonthKey AddMonths(int months) => Of(FirstDay.AddMonths(months));

    /// <summary>Parses "2026-03".</summary>
    public static bool TryParse(string? text, out MonthKey month)
    {
        month = default;
        if (text is null || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        month = Of(date);
        return true;
    }

    public int CompareTo(MonthKey other) => Value.CompareTo(other.Value);

    public static bool operator <(MonthKey left, MonthKey right) => left.Value < right.Value;

    public static bool operator >(MonthKey left, MonthKey right) => left.Value > right.Value;

    public static bool operator <=(MonthKey left, MonthKey right) => left.Value <= right.Value;

    public static bool operator >=(MonthKey left, MonthKey right) => left.Value >= right.Value;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
