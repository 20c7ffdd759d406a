using System.Globalization;
using System.Security.Claims;
using System.Text;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Expenses;
using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.Csv;

/// <summary>
/// <c>GET /api/expenses/export.csv</c>: the user's expenses (with the list's filters and order) as CSV, streamed
/// row by row from the database, never held in memory.
/// </summary>
public static class ExportEndpoint
{
    public static readonly IReadOnlyList<string> Columns = ["id", "spent_on", "amount", "currency", "category", "description", "merchant", "tags", "notes"];

    public static IEndpointRouteBuilder MapExportEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/expenses/export.csv", Export).RequireAuthorization(OutlayPolicies.User).WithTags("Import and export");
        return app;
    }

    public static Results<PushStreamHttpResult, ValidationProblem> Export([AsParameters] ExpenseFilter filter, ClaimsPrincipal user, ExpensesDbContext db)
    {
        var errors = filter.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var rows = ExpenseSort.Parse(filter.Sort)!.Order(filter.Apply(db.Expenses.AsNoTracking(), user.UserId()))
            .Join(db.Categories, e => e.CategoryId, c => c.Id, (e, c) => new { Expense = e, Category = c.Name })
            .AsAsyncEnumerable();
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
            await writer.WriteAsync(CsvFormat.Line(Columns));
            await foreach (var row in rows)
            {
                var e = row.Expense;
                await writer.WriteAsync(CsvFormat.Line(
                [
                    e.Id.ToString(),
                    e.SpentOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    MoneyText.Format(e.Amount, e.Currency),
                    e.Currency,
                    row.Category,
                    e.Description,
                    e.Merchant,
                    string.Join(';', e.TagList),
                    e.Notes,
                ]));
            }
        }, "text/csv; charset=utf-8", "expenses.csv");
    }
}
