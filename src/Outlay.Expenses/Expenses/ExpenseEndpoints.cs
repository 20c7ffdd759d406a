using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.Expenses.Metrics;
using Outlay.Expenses.Settings;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Expenses;

/// <summary>
/// <c>/api/expenses</c>: a user's own expenses. Another user's expense is 404 for everyone, approvers and
/// admins included: roles grant deciding claims, not reading personal spending.
/// </summary>
public static class ExpenseEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapExpenseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/expenses").RequireAuthorization(OutlayPolicies.User).WithTags("Expenses");
        group.MapGet("/", List);
        group.MapGet("/by_category/{categoryId:guid}", ByCategory);
        group.MapPost("/", Create);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Replace);
        group.MapPatch("/{id:guid}", Patch);
        group.MapDelete("/{id:guid}", Delete);
        return app;
    }

    public static async Task<Results<Ok<Page<ExpenseResponse>>, ValidationProblem>> List(
        [AsParameters] ExpenseFilter filter, int? limit, string? cursor, ClaimsPrincipal user, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var (page, errors) = await PageAsync(filter, limit, cursor, user.UserId(), db, cancellationToken);
        return page is null ? errors.ToProblem() : TypedResults.Ok(page);
    }

    /// <summary>Seed 000's <c>GET /api/expenses/by_category/{id}</c>: the list, restricted to one category.</summary>
    public static async Task<Results<Ok<Page<ExpenseResponse>>, ValidationProblem, NotFound>> ByCategory(
        Guid categoryId, int? limit, string? cursor, string? sort, ClaimsPrincipal user, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        if (!await db.Categories.AnyAsync(c => c.Id == categoryId && (c.OwnerId == null || c.OwnerId == userId), cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var filter = new ExpenseFilter([categoryId], null, null, null, null, null, null, sort);
        var (page, errors) = await PageAsync(filter, limit, cursor, userId, db, cancellationToken);
        return page is null ? errors.ToProblem() : TypedResults.Ok(page);
    }

    /// <summary>One keyset page of the owner's filtered expenses, or the field errors of the query.</summary>
    private static async Task<(Page<ExpenseResponse>? Page, ValidationErrors Errors)> PageAsync(
        ExpenseFilter filter, int? limit, string? cursor, Guid userId, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var errors = filter.Validate();
        if (limit is < 1 or > MaxPageSize)
        {
            errors.Add("limit", $"The page size is between 1 and {MaxPageSize}.");
        }

        var sort = ExpenseSort.Parse(filter.Sort);
        Cursor? position = null;
        if (cursor is not null && sort is not null && (position = Cursor.Decode(cursor, sort)) is null)
        {
            errors.Add("cursor", "This cursor does not belong to this list; start again without it.");
        }

        if (!errors.IsValid)
        {
            return (null, errors);
        }

        var query = filter.Apply(db.Expenses.AsNoTracking(), userId);
        if (position is not null)
        {
            query = sort!.After(query, position);
        }

        var size = limit ?? DefaultPageSize;
        var rows = await sort!.Order(query).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? sort.CursorAfter(rows[size - 1]).Encode() : null;
        return (new Page<ExpenseResponse>([.. rows.Take(size).Select(ExpenseResponse.From)], next), errors);
    }

    public static async Task<Results<Ok<ExpenseResponse>, NotFound>> Get(Guid id, ClaimsPrincipal user, ExpensesDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var expense = await db.Expenses.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.OwnerId == userId, cancellationToken);
        if (expense is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ETag = expense.ETag;
        return TypedResults.Ok(ExpenseResponse.From(expense));
    }

    public static async Task<Results<Created<ExpenseResponse>, ValidationProblem>> Create(
        ExpenseInput input, ClaimsPrincipal user, ExpensesDbContext db, UserCalendar calendar, TimeProvider clock, ExpensesMetrics metrics,
        HttpResponse response, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var settings = await calendar.ForAsync(userId, cancellationToken);
        var defaults = new ExpenseValues(0, settings.Currency, settings.Today, Categories.SystemCategories.Other, "", null, [], null);
        var (values, errors) = ExpenseValidation.Validate(input, defaults, settings.Today, requireAll: true);
        if (values is not null)
        {
            await CategoryGuard.CheckAsync(db, userId, values.CategoryId, unchangedFrom: null, errors, cancellationToken);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = Timestamps.Now(clock);
        var expense = new Expense { OwnerId = userId, CreatedAt = now };
        values!.ApplyTo(expense, now);
        db.Expenses.Add(expense);
        await db.SaveChangesAsync(cancellationToken);
        metrics.EntriesCreated();
        response.Headers.ETag = expense.ETag;
        return TypedResults.Created($"/api/expenses/{expense.Id}", ExpenseResponse.From(expense));
    }

    public static Task<Results<Ok<ExpenseResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Replace(
        Guid id, ExpenseInput input, ClaimsPrincipal user, ExpensesDbContext db, UserCalendar calendar, TimeProvider clock, ExpensesMetrics metrics,
        HttpContext http, CancellationToken cancellationToken) =>
        UpdateAsync(id, input, requireAll: true, user, db, calendar, clock, metrics, http, cancellationToken);

    public static Task<Results<Ok<ExpenseResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Patch(
        Guid id, ExpenseInput input, ClaimsPrincipal user, ExpensesDbContext db, UserCalendar calendar, TimeProvider clock, ExpensesMetrics metrics,
        HttpContext http, CancellationToken cancellationToken) =>
        UpdateAsync(id, input, requireAll: false, user, db, calendar, clock, metrics, http, cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult, NotFound>> Delete(
        Guid id, ClaimsPrincipal user, ExpensesDbContext db, ExpensesMetrics metrics, HttpRequest request, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var expense = await db.Expenses.Include(e => e.TagRows).FirstOrDefaultAsync(e => e.Id == id && e.OwnerId == userId, cancellationToken);
        if (expense is null)
        {
            return TypedResults.NotFound();
        }

        // If-Match is honoured when sent (a stale delete is refused) but not required, as in seed 000.
        if (request.Headers.IfMatch.Count > 0 && IfMatch.Check(request, expense.ETag, "expense") is { } failed)
        {
            return failed;
        }

        db.Expenses.Remove(expense);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.PreconditionFailed("expense");
        }

        metrics.EntryDeleted();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ExpenseResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateAsync(
        Guid id, ExpenseInput input, bool requireAll, ClaimsPrincipal user, ExpensesDbContext db, UserCalendar calendar, TimeProvider clock,
        ExpensesMetrics metrics, HttpContext http, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var expense = await db.Expenses.Include(e => e.TagRows).FirstOrDefaultAsync(e => e.Id == id && e.OwnerId == userId, cancellationToken);
        if (expense is null)
        {
            return TypedResults.NotFound();
        }

        if (IfMatch.Check(http.Request, expense.ETag, "expense") is { } failed)
        {
            return failed;
        }

        var settings = await calendar.ForAsync(userId, cancellationToken);
        var start = requireAll
            ? new ExpenseValues(0, settings.Currency, settings.Today, Categories.SystemCategories.Other, "", null, [], null)
            : ExpenseValues.Of(expense);
        var (values, errors) = ExpenseValidation.Validate(input, start, settings.Today, requireAll);
        if (values is not null)
        {
            await CategoryGuard.CheckAsync(db, userId, values.CategoryId, unchangedFrom: expense.CategoryId, errors, cancellationToken);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        values!.ApplyTo(expense, Timestamps.Now(clock));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.PreconditionFailed("expense");
        }

        metrics.EntryUpdated();
        http.Response.Headers.ETag = expense.ETag;
        return TypedResults.Ok(ExpenseResponse.From(expense));
    }
}
