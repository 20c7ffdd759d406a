using Outlay.Expenses.Settings;

namespace Outlay.Expenses.Tests.Unit;

public sealed class CalendarTests
{
    [Theory]
    [InlineData("2026-01-31T23:30:00Z", "UTC", "2026-01-31")]
    [InlineData("2026-01-31T23:30:00Z", "Europe/Berlin", "2026-02-01")]
    [InlineData("2026-02-01T03:00:00Z", "America/New_York", "2026-01-31")]
    [InlineData("2026-12-31T11:00:00Z", "Pacific/Kiritimati", "2027-01-01")]
    [InlineData("2026-03-29T01:30:00Z", "Europe/Berlin", "2026-03-29")]
    public void Today_follows_the_users_time_zone(string instant, string zone, string today) =>
        Assert.Equal(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture),
            UserCalendar.TodayIn(zone, DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("UTC", true)]
    [InlineData("W. Europe Standard Time", false)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("", false)]
    [InlineData("../../etc/passwd", false)]
    public void Only_iana_time_zones_are_accepted(string zone, bool valid) => Assert.Equal(valid, UserCalendar.IsIanaTimeZone(zone));

    [Fact]
    public void Months_parse_compare_and_bound()
    {
        Assert.True(MonthKey.TryParse("2026-02", out var february));
        Assert.Equal(new DateOnly(2026, 2, 28), february.LastDay);
        Assert.Equal("2026-03", february.AddMonths(1).ToString());
        Assert.Equal(12, february.MonthsUntil(MonthKey.Of(2027, 2)));
        Assert.False(MonthKey.TryParse("2026-13", out _));
        Assert.False(MonthKey.TryParse("26-1", out _));
    }
}
