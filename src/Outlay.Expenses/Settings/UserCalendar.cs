using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using Outlay.Expenses.Infrastructure;

namespace Outlay.Expenses.Settings;

/// <summary>
/// Dates as the user lives them: "today" and month boundaries follow the user's IANA time zone, never the
/// server's. A user without settings gets the configured defaults.
/// </summary>
public sealed class UserCalendar(ExpensesDbContext db, TimeProvider clock, IOptions<ExpensesOptions> options)
{
    public async Task<EffectiveSettings> ForAsync(Guid userId, CancellationToken cancellationToken)
    {
        var stored = await db.UserSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var currency = stored?.Currency ?? options.Value.DefaultCurrency;
        var timeZone = stored?.TimeZone ?? options.Value.DefaultTimeZone;
        return new EffectiveSettings(currency, timeZone, stored?.Version ?? 0, TodayIn(timeZone, clock.GetUtcNow()));
    }

    public static DateOnly TodayIn(string timeZoneId, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).DateTime);

    /// <summary>True for IANA ids the runtime knows ("Europe/Berlin", "UTC"); Windows names are refused.</summary>
    public static bool IsIanaTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return false;
        }

        return zone.HasIanaId;
    }
}

public sealed record EffectiveSettings(string Currency, string TimeZone, int Version, DateOnly Today)
{
    public MonthKey ThisMonth => MonthKey.Of(Today);
}
