namespace Outlay.Expenses.Infrastructure;

internal static class Timestamps
{
    /// <summary>UTC now, truncated to the microsecond PostgreSQL keeps, so a value reads back exactly as written.</summary>
    public static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
