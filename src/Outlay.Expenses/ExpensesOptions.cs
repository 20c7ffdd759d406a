namespace Outlay.Expenses;

/// <summary>Bound from <c>Expenses</c>.</summary>
public sealed class ExpensesOptions
{
    public const string Section = "Expenses";

    /// <summary>The currency of a user who has not chosen one.</summary>
    public string DefaultCurrency { get; set; } = "USD";

    /// <summary>The time zone of a user who has not chosen one; decides "today" and "this month".</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How often the gauges (expense entries, pending claims) are refreshed from the database.</summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Rows accepted in one CSV import.</summary>
    public int MaxImportRows { get; set; } = 5000;
}
