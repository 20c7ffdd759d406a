using System.Diagnostics.Metrics;

namespace Outlay.Expenses.Metrics;

/// <summary>
/// The service's business figures. Labels are bounded enumerations (operation, outcome, decision); never a
/// user id, category name or anything else a user chooses.
/// </summary>
public sealed class ExpensesMetrics
{
    public const string MeterName = "Outlay.Expenses";

    /// <summary>
    /// Claims wait for a person, so their decision time is measured from a minute to a month (1, 5, 15, 30 min,
    /// 1, 2, 4, 8, 12 h, 1, 2, 3, 5, 7, 14, 30 days); the shared sub-10-second buckets would put every claim in +Inf.
    /// </summary>
    public static readonly IReadOnlyList<double> DecisionTimeBuckets =
        [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 432000, 604800, 1209600, 2592000];

    private readonly Counter<long> entryChanges;
    private readonly Counter<long> importRows;
    private readonly Histogram<double> decisionTime;

    public ExpensesMetrics(IMeterFactory meterFactory, GaugeReadings gauges)
    {
        Gauges = gauges;
        var meter = meterFactory.Create(MeterName);
        entryChanges = meter.CreateCounter<long>("outlay.expenses.entry.changes", "{entry}", "Expense entries created, updated or deleted.");
        importRows = meter.CreateCounter<long>("outlay.expenses.import.rows", "{row}", "CSV import rows processed, by outcome.");
        decisionTime = meter.CreateHistogram<double>("outlay.claims.decision.duration", "s", "Time from a claim's submission to its decision.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DecisionTimeBuckets });
        meter.CreateObservableGauge("outlay.expenses.entries", () => gauges.ExpenseEntries, "{entry}", "Expense entries stored.");
        meter.CreateObservableGauge("outlay.claims.pending", () => gauges.PendingClaims, "{claim}", "Claims waiting for a decision.");
    }

    /// <summary>The values the gauges report; <see cref="GaugeRefresher"/> sets them.</summary>
    public GaugeReadings Gauges { get; }

    public void EntriesCreated(int count = 1) => entryChanges.Add(count, new KeyValuePair<string, object?>("operation", "created"));

    public void EntryUpdated() => entryChanges.Add(1, new KeyValuePair<string, object?>("operation", "updated"));

    public void EntryDeleted() => entryChanges.Add(1, new KeyValuePair<string, object?>("operation", "deleted"));

    /// <summary><paramref name="outcome"/> is imported, duplicate or invalid.</summary>
    public void ImportRows(string outcome, int count)
    {
        if (count > 0)
        {
            importRows.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void ClaimDecided(string decision, TimeSpan sinceSubmission) =>
        decisionTime.Record(Math.Max(0, sinceSubmission.TotalSeconds), new KeyValuePair<string, object?>("decision", decision));
}

/// <summary>
/// Gauge values read from the database on a timer, not on every scrape: a scrape must stay cheap, and the
/// figures are service-wide (every replica reports the same number).
/// </summary>
public sealed class GaugeReadings
{
    public long ExpenseEntries { get; set; }
    public long PendingClaims { get; set; }
}
