using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// The Expenses API as the expenses branch defines it (ExpenseEndpoints, CategoryEndpoints, SummaryEndpoints,
/// Export/ImportEndpoint, ClaimEndpoints): paths, query names, bodies, ETags and problem shapes.
/// </summary>
public sealed partial class ApiStub
{
    public static readonly Guid Food = Guid.Parse("00000000-0000-0000-0000-00000000f00d");
    public static readonly Guid Travel = Guid.Parse("00000000-0000-0000-0000-0000000007a1");
    public static readonly Guid Other = Guid.Parse("00000000-0000-0000-0000-000000000001");

    private readonly ConcurrentDictionary<Guid, StubExpense> expenses = new();
    private readonly ConcurrentDictionary<Guid, StubCategory> categories = new(new Dictionary<Guid, StubCategory>
    {
        [Food] = new(Food, null, "Food", false, 1),
        [Travel] = new(Travel, null, "Travel", false, 1),
        [Other] = new(Other, null, "Other", false, 1),
    });

    private sealed record StubExpense(Guid Id, Guid Owner, decimal Amount, string Currency, DateOnly SpentOn, Guid CategoryId, string Description,
        string? Merchant, List<string> Tags, string? Notes, int Version, DateTime CreatedAt);

    private sealed record StubCategory(Guid Id, Guid? Owner, string Name, bool Archived, int Version);

    private sealed record ExpenseBody(JsonElement? Amount, string? Currency, DateOnly? SpentOn, Guid? CategoryId, string? Description, string? Merchant, List<string>? Tags, string? Notes);

    private sealed record CategoryBody(string? Name, bool? Archived);

    /// <summary>Today in the stub's users' time zone (UTC): the default month of summaries.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    partial void MapExpenses(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/expense-categories", (HttpContext http, bool? includeArchived) => As(http, caller =>
            Results.Ok(categories.Values.Where(c => (c.Owner is null || c.Owner == caller.Id) && (includeArchived == true || !c.Archived))
                .OrderBy(c => c.Owner is not null).ThenBy(c => c.Name, StringComparer.Ordinal).Select(CategoryJson))));
        api.MapPost("/expense-categories", (HttpContext http, CategoryBody body) => As(http, caller =>
        {
            if (string.IsNullOrWhiteSpace(body.Name))
            {
                return StubCaller.Validation(("name", "This field is required."));
            }

            if (categories.Values.Any(c => (c.Owner is null || c.Owner == caller.Id) && string.Equals(c.Name, body.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                return StubCaller.Validation(("name", "You already have a category with this name."));
            }

            var category = new StubCategory(Guid.NewGuid(), caller.Id, body.Name.Trim(), false, 1);
            categories[category.Id] = category;
            return Results.Created($"/api/expense-categories/{category.Id}", CategoryJson(category));
        }));
        api.MapPut("/expense-categories/{id:guid}", (HttpContext http, Guid id, CategoryBody body) => As(http, caller =>
        {
            if (!categories.TryGetValue(id, out var category) || category.Owner != caller.Id)
            {
                return category?.Owner is null && category is not null ? Results.Problem(statusCode: 409, title: "System categories cannot be changed.") : Results.NotFound();
            }

            if (http.Request.Headers.IfMatch.ToString() != $"\"{category.Version}\"")
            {
                return Results.Problem(statusCode: 412, title: "The category was changed by someone else.");
            }

            if (string.IsNullOrWhiteSpace(body.Name))
            {
                return StubCaller.Validation(("name", "This field is required."));
            }

            categories[id] = category = category with { Name = body.Name.Trim(), Archived = body.Archived ?? category.Archived, Version = category.Version + 1 };
            return Results.Ok(CategoryJson(category));
        }));
        api.MapDelete("/expense-categories/{id:guid}", (HttpContext http, Guid id, Guid? moveTo) => As(http, caller =>
        {
            if (!categories.TryGetValue(id, out var category) || category.Owner != caller.Id)
            {
                return Results.NotFound();
            }

            var used = expenses.Values.Where(e => e.CategoryId == id).ToList();
            if (moveTo is { } target)
            {
                foreach (var expense in used)
                {
                    expenses[expense.Id] = expense with { CategoryId = target, Version = expense.Version + 1 };
                }
            }
            else if (used.Count > 0)
            {
                categories[id] = category with { Archived = true, Version = category.Version + 1 };
                return Results.Ok(CategoryJson(categories[id]));
            }

            categories.TryRemove(id, out _);
            return Results.NoContent();
        }));

        api.MapGet("/expenses/summary", (HttpContext http, string? from, string? to, string? groupBy) => As(http, caller => Summary(caller, from, to, groupBy)));
        api.MapGet("/expenses/export.csv", (HttpContext http) => As(http, caller =>
        {
            var csv = new StringBuilder("id,spent_on,amount,currency,category,description,merchant,tags,notes\r\n");
            foreach (var e in Filtered(caller, http.Request.Query))
            {
                csv.Append(CultureInfo.InvariantCulture, $"{e.Id},{e.SpentOn:yyyy-MM-dd},{e.Amount:0.00},{e.Currency},{categories[e.CategoryId].Name},\"{e.Description.Replace("\"", "\"\"", StringComparison.Ordinal)}\",,,\r\n");
            }

            return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
        }));
        api.MapPost("/expenses/import", async (HttpContext http, bool? skipInvalid) => await AsAsync(http, async caller =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var rows = new List<object>();
            var imported = 0;
            var invalid = 0;
            for (var i = 1; i < lines.Length; i++)
            {
                var cells = lines[i].Split(',');
                if (cells.Length < 3 || !DateOnly.TryParse(cells[0], CultureInfo.InvariantCulture, out var date) || !decimal.TryParse(cells[1], CultureInfo.InvariantCulture, out var amount))
                {
                    invalid++;
                    rows.Add(new { line = i + 1, outcome = "invalid", id = (Guid?)null, errors = new Dictionary<string, string[]> { ["amount"] = ["An amount is a decimal number such as \"12.34\"."] } });
                    continue;
                }

                var expense = new StubExpense(Guid.NewGuid(), caller.Id, amount, "EUR", date, Other, cells[2], null, [], null, 1, DateTime.UtcNow);
                expenses[expense.Id] = expense;
                imported++;
                rows.Add(new { line = i + 1, outcome = "imported", id = (Guid?)expense.Id, errors = (Dictionary<string, string[]>?)null });
            }

            return invalid > 0 && skipInvalid != true
                ? StubCaller.Validation(("file", $"{invalid} rows are invalid; nothing was imported."))
                : Results.Ok(new { imported, duplicates = 0, invalid, rows });
        }));
        api.MapGet("/expenses", (HttpContext http, int? limit, string? cursor) => As(http, caller =>
        {
            var all = Filtered(caller, http.Request.Query).ToList();
            var offset = cursor is null ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture);
            var size = limit ?? 50;
            var page = all.Skip(offset).Take(size).Select(ExpenseJson).ToList();
            var next = offset + size < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture))) : null;
            return Results.Ok(new { items = page, next });
        }));
        api.MapPost("/expenses", (HttpContext http, ExpenseBody body) => As(http, caller =>
        {
            var (expense, problem) = Validate(body, new StubExpense(Guid.NewGuid(), caller.Id, 0, "EUR", Today, Other, "", null, [], null, 1, DateTime.UtcNow), caller);
            if (problem is not null)
            {
                return problem;
            }

            expenses[expense!.Id] = expense;
            http.Response.Headers.ETag = $"\"{expense.Version}\"";
            return Results.Created($"/api/expenses/{expense.Id}", ExpenseJson(expense));
        }));
        api.MapGet("/expenses/{id:guid}", (HttpContext http, Guid id) => As(http, caller =>
        {
            if (!expenses.TryGetValue(id, out var expense) || expense.Owner != caller.Id)
            {
                return Results.NotFound();
            }

            http.Response.Headers.ETag = $"\"{expense.Version}\"";
            return Results.Ok(ExpenseJson(expense));
        }));
        api.MapPut("/expenses/{id:guid}", (HttpContext http, Guid id, ExpenseBody body) => As(http, caller =>
        {
            if (!expenses.TryGetValue(id, out var current) || current.Owner != caller.Id)
            {
                return Results.NotFound();
            }

            if (http.Request.Headers.IfMatch.ToString() != $"\"{current.Version}\"")
            {
                return Results.Problem(statusCode: 412, title: "The expense was changed by someone else.");
            }

            var (expense, problem) = Validate(body, current with { Version = current.Version + 1 }, caller);
            if (problem is not null)
            {
                return problem;
            }

            expenses[id] = expense!;
            return Results.Ok(ExpenseJson(expense!));
        }));
        api.MapDelete("/expenses/{id:guid}", (HttpContext http, Guid id) => As(http, caller =>
            expenses.TryGetValue(id, out var expense) && expense.Owner == caller.Id && expenses.TryRemove(id, out _) ? Results.NoContent() : Results.NotFound()));
        MapClaims(api);
    }

    partial void MapClaims(RouteGroupBuilder api);

    private static IResult As(HttpContext http, Func<StubCaller, IResult> handle) =>
        StubCaller.From(http) is { } caller ? handle(caller) : StubCaller.Unauthorized();

    private static async Task<IResult> AsAsync(HttpContext http, Func<StubCaller, Task<IResult>> handle) =>
        StubCaller.From(http) is { } caller ? await handle(caller) : StubCaller.Unauthorized();

    private (StubExpense? Expense, IResult? Problem) Validate(ExpenseBody body, StubExpense start, StubCaller caller)
    {
        var errors = new List<(string, string)>();
        var amountText = body.Amount is { ValueKind: JsonValueKind.String } s ? s.GetString() : body.Amount?.ToString();
        var amount = 0m;
        if (amountText is null)
        {
            errors.Add(("amount", "This field is required."));
        }
        else if (!decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) || amount.Scale > 2)
        {
            errors.Add(("amount", "An amount is a decimal number such as \"12.34\"."));
        }

        if (string.IsNullOrWhiteSpace(body.Description))
        {
            errors.Add(("description", "This field is required."));
        }

        var categoryId = body.CategoryId ?? start.CategoryId;
        if (!categories.TryGetValue(categoryId, out var category) || (category.Owner is not null && category.Owner != caller.Id))
        {
            errors.Add(("categoryId", "This category does not exist."));
        }

        return errors.Count > 0
            ? (null, StubCaller.Validation([.. errors]))
            : (start with
            {
                Amount = amount,
                Currency = body.Currency?.ToUpperInvariant() ?? start.Currency,
                SpentOn = body.SpentOn ?? start.SpentOn,
                CategoryId = categoryId,
                Description = body.Description!.Trim(),
                Merchant = string.IsNullOrWhiteSpace(body.Merchant) ? null : body.Merchant,
                Tags = body.Tags ?? [],
                Notes = string.IsNullOrWhiteSpace(body.Notes) ? null : body.Notes,
            }, null);
    }

    private IEnumerable<StubExpense> Filtered(StubCaller caller, IQueryCollection query)
    {
        var result = expenses.Values.Where(e => e.Owner == caller.Id);
        if (query["category"].Count > 0)
        {
            var wanted = query["category"].Select(c => Guid.Parse(c!)).ToHashSet();
            result = result.Where(e => wanted.Contains(e.CategoryId));
        }

        if (DateOnly.TryParse(query["from"], CultureInfo.InvariantCulture, out var from))
        {
            result = result.Where(e => e.SpentOn >= from);
        }

        if (DateOnly.TryParse(query["to"], CultureInfo.InvariantCulture, out var to))
        {
            result = result.Where(e => e.SpentOn <= to);
        }

        if (query["q"].ToString() is { Length: > 0 } text)
        {
            result = result.Where(e => e.Description.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        return result.OrderByDescending(e => e.SpentOn).ThenByDescending(e => e.CreatedAt);
    }

    private IResult Summary(StubCaller caller, string? from, string? to, string? groupBy)
    {
        var first = from ?? Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var last = to ?? first;
        if (!DateOnly.TryParseExact(first + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return StubCaller.Validation(("from", "A month is written 2026-01."));
        }

        var end = DateOnly.ParseExact(last + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1);
        var rows = expenses.Values.Where(e => e.Owner == caller.Id && e.SpentOn >= start && e.SpentOn < end).ToList();
        var totals = rows.GroupBy(e => e.Currency).Select(g => new { currency = g.Key, total = g.Sum(e => e.Amount).ToString("0.00", CultureInfo.InvariantCulture), count = g.Count() });
        var groups = groupBy == "month"
            ? rows.GroupBy(e => (Key: e.SpentOn.ToString("yyyy-MM", CultureInfo.InvariantCulture), e.Currency)).OrderBy(g => g.Key.Key)
                .Select(g => new { key = g.Key.Key, label = g.Key.Key, currency = g.Key.Currency, total = g.Sum(e => e.Amount).ToString("0.00", CultureInfo.InvariantCulture), count = g.Count() })
            : rows.GroupBy(e => (e.CategoryId, e.Currency)).OrderByDescending(g => g.Sum(e => e.Amount))
                .Select(g => new { key = g.Key.CategoryId.ToString(), label = categories[g.Key.CategoryId].Name, currency = g.Key.Currency, total = g.Sum(e => e.Amount).ToString("0.00", CultureInfo.InvariantCulture), count = g.Count() });
        return Results.Ok(new { from = first, to = last, timeZone = "UTC", groupBy = groupBy ?? "category", totals, groups });
    }

    private static object CategoryJson(StubCategory c) => new { id = c.Id, key = c.Owner is null ? c.Name.ToLowerInvariant() : null, name = c.Name, system = c.Owner is null, archived = c.Archived, version = c.Version };

    private static object ExpenseJson(StubExpense e) => new
    {
        id = e.Id,
        amount = e.Amount.ToString("0.00", CultureInfo.InvariantCulture),
        currency = e.Currency,
        spentOn = e.SpentOn,
        categoryId = e.CategoryId,
        description = e.Description,
        merchant = e.Merchant,
        tags = e.Tags,
        notes = e.Notes,
        createdAt = e.CreatedAt,
        updatedAt = e.CreatedAt,
        version = e.Version,
    };
}
