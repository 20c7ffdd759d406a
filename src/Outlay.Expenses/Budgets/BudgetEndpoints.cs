using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.Expenses.Money;
using Outlay.Expenses.Settings;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Budgets;

/// <summary><c>/api/budgets</c>: monthly limits per category, and spent vs. limit for a month.</summary>
public static class BudgetEndpoints
{
    public static IEndpointRouteBuilder MapBudgetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/budgets").RequireAuthorization(OutlayPolicies.User).WithTags("Budgets");
        group.MapGet("/", List);
        group.MapGet("/status", Status);
        group.MapPost("/", Create);
        group.MapPut("/{id:guid}", Update);
        group.MapDelete("/{id:guid}", Delete);
        return app;
    }

    /// <summary>Bounded: one budget per category and currency, and a user has a bounded number of categories.</summary>
    public static async Task<Ok<List<BudgetResponse>>> List(ClaimsPrincipal user, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.OwnerId == userId).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(budgets.Select(BudgetResponse.From).ToList());
    }

    /// <param name="month">"2026-03"; defaults to this month in the user's time zone.</param>
    public static async Task<Results<Ok<BudgetReport>, ValidationProblem>> Status(
        string? month, ClaimsPrincipal user, ExpensesDbContext db, UserCalendar calendar, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var which = (await calendar.ForAsync(userId, cancellationToken)).ThisMonth;
        if (month is not null && !MonthKey.TryParse(month, out which))
        {
            return new ValidationErrors().Add("month", "A month is written 2026-01.").ToProblem();
        }

        var rows = await db.Budgets.AsNoTracking().Where(b => b.OwnerId == userId)
            .Select(b => new
            {
                Budget = b,
                Units = db.CategoryMonthTotals
                    .Where(t => t.UserId == userId && t.Month == which.Value && t.CategoryId == b.CategoryId && t.Currency == b.Currency)
                    .Sum(t => (long?)t.TotalUnits) ?? 0,
            })
            .ToListAsync(cancellationToken);
        var statuses = rows.OrderBy(r => r.Budget.CreatedAt).Select(r =>
        {
            var spent = MoneyUnits.FromUnits(r.Units);
            var remaining = r.Budget.MonthlyLimit - spent;
            var currency = r.Budget.Currency;
            return new BudgetStatus(r.Budget.Id, r.Budget.CategoryId, currency, MoneyText.Format(r.Budget.MonthlyLimit, currency),
                MoneyText.Format(spent, currency), FormatSigned(remaining, currency), remaining < 0);
        });
        return TypedResults.Ok(new BudgetReport(which.ToString(), [.. statuses]));
    }

    public static async Task<Results<Created<BudgetResponse>, ValidationProblem>> Create(
        BudgetInput input, ClaimsPrincipal user, ExpensesDbContext db, UserCalendar calendar, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var currency = input.Currency is null ? (await calendar.ForAsync(userId, cancellationToken)).Currency : Currencies.Normalize(input.Currency);
        var (limit, errors) = ValidateLimit(input.Limit, currency);
        if (input.CategoryId is not { } categoryId)
        {
            errors.Add("categoryId", "This field is required.");
        }
        else
        {
            await Expenses.CategoryGuard.CheckAsync(db, userId, categoryId, unchangedFrom: null, errors, cancellationToken);
            if (errors.IsValid && await db.Budgets.AnyAsync(b => b.OwnerId == userId && b.CategoryId == categoryId && b.Currency == currency, cancellationToken))
            {
                errors.Add("categoryId", "This category already has a budget in this currency; change that one.");
            }
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = Timestamps.Now(clock);
        var budget = new Budget { OwnerId = userId, CategoryId = input.CategoryId!.Value, Currency = currency!, MonthlyLimit = limit, CreatedAt = now, UpdatedAt = now, Version = 1 };
        db.Budgets.Add(budget);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new ValidationErrors().Add("categoryId", "This category already has a budget in this currency; change that one.").ToProblem();
        }

        return TypedResults.Created($"/api/budgets/{budget.Id}", BudgetResponse.From(budget));
    }

    /// <summary>Changes the limit; category and currency stay (delete and create to change them).</summary>
    public static async Task<Results<Ok<BudgetResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Update(
        Guid id, BudgetInput input, ClaimsPrincipal user, ExpensesDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var budget = await db.Budgets.FirstOrDefaultAsync(b => b.Id == id && b.OwnerId == userId, cancellationToken);
        if (budget is null)
        {
            return TypedResults.NotFound();
        }

        if (IfMatch.Check(http.Request, budget.ETag, "budget") is { } failed)
        {
            return failed;
        }

        var (limit, errors) = ValidateLimit(input.Limit, budget.Currency);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        budget.MonthlyLimit = limit;
        budget.UpdatedAt = Timestamps.Now(clock);
        budget.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.PreconditionFailed("budget");
        }

        http.Response.Headers.ETag = budget.ETag;
        return TypedResults.Ok(BudgetResponse.From(budget));
    }

    public static async Task<Results<NoContent, NotFound>> Delete(Guid id, ClaimsPrincipal user, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var deleted = await db.Budgets.Where(b => b.Id == id && b.OwnerId == userId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static (decimal Limit, ValidationErrors Errors) ValidateLimit(MoneyInput? text, string? currency)
    {
        var errors = new ValidationErrors();
        if (currency is null)
        {
            errors.Add("currency", "An ISO 4217 currency code such as EUR or USD is required.");
        }

        decimal limit = 0;
        if (text is not { } value)
        {
            errors.Add("limit", "This field is required.");
        }
        else if (!value.TryParse(out limit))
        {
            errors.Add("limit", "An amount is a decimal number such as \"12.34\".");
        }
        else if (currency is not null && MoneyText.Check(limit, currency) is { } problem)
        {
            errors.Add("limit", problem);
        }

        return (limit, errors);
    }

    private static string FormatSigned(decimal amount, string currency) =>
        amount < 0 ? "-" + MoneyText.Format(-amount, currency) : MoneyText.Format(amount, currency);
}
