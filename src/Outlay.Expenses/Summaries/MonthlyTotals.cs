namespace Outlay.Expenses.Summaries;

/// <summary>
/// The rollup summaries read instead of expenses: one row per user, month, category and currency, kept
/// equal to the sum of those expenses by <see cref="RollupMaintenance"/> in the transaction of every change.
/// A summary therefore reads at most (months × categories × currencies) rows, however long the history.
/// </summary>
public sealed class CategoryMonthTotal
{
    public Guid UserId { get; set; }
    public int Month { get; set; }
    public Guid CategoryId { get; set; }
    public required string Currency { get; set; }
    public long TotalUnits { get; set; }
    public int EntryCount { get; set; }
}

/// <summary>The same rollup per tag (an expense with two tags counts once under each).</summary>
public sealed class TagMonthTotal
{
    public Guid UserId { get; set; }
    public int Month { get; set; }
    public required string Tag { get; set; }
    public required string Currency { get; set; }
    public long TotalUnits { get; set; }
    public int EntryCount { get; set; }
}
