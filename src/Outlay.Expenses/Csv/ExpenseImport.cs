using System.Globalization;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using Outlay.Expenses.Categories;
using Outlay.Expenses.Expenses;
using Outlay.Expenses.Infrastructure;
using Outlay.Expenses.Metrics;
using Outlay.Expenses.Settings;
using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Csv;

/// <summary>
/// Validates every row of an import, recognises rows the user already has by their fingerprint (as a
/// multiset: a file with two identical coffees matches two stored ones), and saves the new rows in one
/// transaction, rollup included.
/// </summary>
public sealed class ExpenseImport(ExpensesDbContext db, UserCalendar calendar, TimeProvider clock, ExpensesMetrics metrics, IOptions<ExpensesOptions> options)
{
    private static readonly string[] RequiredColumns = ["spent_on", "amount", "description"];

    public async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> RunAsync(Guid userId, CsvReader csv, bool skipInvalid, CancellationToken cancellationToken)
    {
        List<(int Line, List<string> Fields)> records;
        Dictionary<string, int> columns;
        try
        {
            var header = csv.ReadRecord();
            columns = (header ?? []).Select((name, index) => (Name: name.Trim().ToLowerInvariant(), index))
                .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
            var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                return new ValidationErrors().Add("header", $"The first line names the columns; missing: {string.Join(", ", missing)}.").ToProblem("The CSV file cannot be imported.");
            }

            records = [];
            while (csv.ReadRecord() is { } record)
            {
                if (record.Count == 1 && record[0].Length == 0)
                {
                    continue; // blank line
                }

                if (records.Count == options.Value.MaxImportRows)
                {
                    return new ValidationErrors().Add("file", $"At most {options.Value.MaxImportRows} rows per import; split the file.").ToProblem("The CSV file cannot be imported.");
                }

                records.Add((csv.LineNumber, record));
            }
        }
        catch (FormatException e)
        {
            return new ValidationErrors().Add("file", e.Message).ToProblem("The CSV file is malformed.");
        }

        var settings = await calendar.ForAsync(userId, cancellationToken);
        var categories = await CategoryLookup.LoadAsync(db, userId, cancellationToken);
        var rows = records.Select(r => ParseRow(r.Line, r.Fields, columns, settings, categories)).ToList();
        var invalid = rows.Where(r => r.Values is null).ToList();
        metrics.ImportRows("invalid", invalid.Count);
        if (invalid.Count > 0 && !skipInvalid)
        {
            var errors = new ValidationErrors();
            foreach (var row in invalid)
            {
                foreach (var (field, messages) in row.Errors.ToDictionary())
                {
                    foreach (var message in messages)
                    {
                        errors.Add($"rows[{row.Line}].{field}", message);
                    }
                }
            }

            return errors.ToProblem($"{invalid.Count} of {rows.Count} rows are invalid; nothing was imported. Fix them, or import with ?skipInvalid=true.");
        }

        var valid = rows.Where(r => r.Values is not null).ToList();
        var existing = await ExistingByFingerprintAsync(userId, valid.Select(r => r.Fingerprint!).Distinct().ToList(), cancellationToken);
        var now = Timestamps.Now(clock);
        var report = new List<ImportRow>(rows.Count);
        var imported = 0;
        var duplicates = 0;
        foreach (var row in rows)
        {
            if (row.Values is null)
            {
                report.Add(new ImportRow(row.Line, "invalid", null, row.Errors.ToDictionary()));
            }
            else if (existing.TryGetValue(row.Fingerprint!, out var ids) && ids.Count > 0)
            {
                report.Add(new ImportRow(row.Line, "duplicate", ids.Dequeue(), null));
                duplicates++;
            }
            else
            {
                var expense = new Expense { OwnerId = userId, CreatedAt = now };
                row.Values.ApplyTo(expense, now);
                db.Expenses.Add(expense);
                report.Add(new ImportRow(row.Line, "imported", expense.Id, null));
                imported++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        metrics.ImportRows("imported", imported);
        metrics.ImportRows("duplicate", duplicates);
        metrics.EntriesCreated(imported);
        return TypedResults.Ok(new ImportReport(imported, duplicates, invalid.Count, report));
    }

    private async Task<Dictionary<string, Queue<Guid>>> ExistingByFingerprintAsync(Guid userId, List<string> fingerprints, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Queue<Guid>>(StringComparer.Ordinal);
        foreach (var batch in fingerprints.Chunk(500))
        {
            var matches = await db.Expenses.AsNoTracking().Where(e => e.OwnerId == userId && batch.Contains(e.Fingerprint))
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
                .Select(e => new { e.Fingerprint, e.Id }).ToListAsync(cancellationToken);
            foreach (var match in matches)
            {
                if (!found.TryGetValue(match.Fingerprint, out var ids))
                {
                    found[match.Fingerprint] = ids = new Queue<Guid>();
                }

                ids.Enqueue(match.Id);
            }
        }

        return found;
    }

    private static ParsedRow ParseRow(int line, List<string> fields, Dictionary<string, int> columns, EffectiveSettings settings, CategoryLookup categories)
    {
        string? Cell(string column) => columns.TryGetValue(column, out var index) && index < fields.Count && fields[index].Length > 0
            ? CsvFormat.RestoreFormula(fields[index])
            : null;

        var errors = new ValidationErrors();
        DateOnly? spentOn = null;
        if (Cell("spent_on") is { } date)
        {
            if (DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                spentOn = parsed;
            }
            else
            {
                errors.Add("spent_on", "A date is written yyyy-MM-dd.");
            }
        }
        else
        {
            errors.Add("spent_on", "This field is required.");
        }

        Guid? categoryId = SystemCategories.Other;
        if (Cell("category") is { } category)
        {
            categoryId = categories.Find(category);
            if (categoryId is null)
            {
                errors.Add("category", $"There is no category '{category.Trim()}'; create it first or use an existing one.");
            }
        }

        var tags = Cell("tags")?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var input = new ExpenseInput(Cell("amount") is { } amount ? new MoneyInput(amount.Trim()) : null, Cell("currency"), spentOn ?? settings.Today,
            categoryId ?? SystemCategories.Other, Cell("description") ?? "", Cell("merchant") ?? "", tags, Cell("notes") ?? "");
        var defaults = new ExpenseValues(0, settings.Currency, settings.Today, SystemCategories.Other, "", null, [], null);
        var (values, rowErrors) = ExpenseValidation.Validate(input, defaults, settings.Today, requireAll: true);
        foreach (var (field, messages) in rowErrors.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(field == "spentOn" ? "spent_on" : field, message);
            }
        }

        return errors.IsValid
            ? new ParsedRow(line, values, Expense.FingerprintOf(values!.SpentOn, values.Amount, values.Currency, values.Description, values.Merchant), errors)
            : new ParsedRow(line, null, null, errors);
    }

    private sealed record ParsedRow(int Line, ExpenseValues? Values, string? Fingerprint, ValidationErrors Errors);
}
