using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Categories;

/// <summary>
/// <c>/api/categories</c>: the system categories plus the signed-in user's own. Behind the gateway
/// <c>/api/categories</c> is the store's (Catalog), so the same endpoints also answer at
/// <c>/api/expense-categories</c>, the path the gateway routes here.
/// </summary>
public static class CategoryEndpoints
{
    public const string GatewayPrefix = "/api/expense-categories";

    public static readonly IReadOnlyList<string> Prefixes = ["/api/categories", GatewayPrefix];

    public const int MaxCustomCategories = 200;
    public const int NameMaxLength = 60;

    public static IEndpointRouteBuilder MapCategoryEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            var group = app.MapGroup(prefix).RequireAuthorization(OutlayPolicies.User).WithTags("Categories");
            if (prefix != GatewayPrefix)
            {
                // The OpenAPI document is read and tried out through the gateway, where this path reaches Catalog.
                group.ExcludeFromDescription();
            }

            group.MapGet("/", List);
            group.MapPost("/", Create);
            group.MapGet("/{id:guid}", Get);
            group.MapPut("/{id:guid}", Update);
            group.MapDelete("/{id:guid}", Delete);
        }

        return app;
    }

    /// <summary>Bounded without paging: system categories plus at most <see cref="MaxCustomCategories"/> of the user's.</summary>
    public static async Task<Ok<List<CategoryResponse>>> List(bool? includeArchived, ClaimsPrincipal user, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var query = db.Categories.AsNoTracking().Where(c => c.OwnerId == null || c.OwnerId == userId);
        if (includeArchived != true)
        {
            query = query.Where(c => c.ArchivedAt == null);
        }

        var categories = await query.OrderBy(c => c.OwnerId != null).ThenBy(c => c.NormalizedName).ToListAsync(cancellationToken);
        return TypedResults.Ok(categories.Select(CategoryResponse.From).ToList());
    }

    public static async Task<Results<Ok<CategoryResponse>, NotFound>> Get(Guid id, ClaimsPrincipal user, ExpensesDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var category = await FindVisibleAsync(db, id, user.UserId(), cancellationToken);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ETag = category.ETag;
        return TypedResults.Ok(CategoryResponse.From(category));
    }

    public static async Task<Results<Created<CategoryResponse>, ValidationProblem>> Create(
        CategoryInput input, ClaimsPrincipal user, ExpensesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var errors = await ValidateNameAsync(db, userId, input.Name, exceptId: null, cancellationToken);
        if (errors.IsValid && await db.Categories.CountAsync(c => c.OwnerId == userId, cancellationToken) >= MaxCustomCategories)
        {
            errors.Add("name", $"A user has at most {MaxCustomCategories} own categories; archive or delete one first.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var category = new Category
        {
            OwnerId = userId,
            Name = input.Name!.Trim(),
            NormalizedName = Category.Normalize(input.Name),
            CreatedAt = Timestamps.Now(clock),
            Version = 1,
        };
        db.Categories.Add(category);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return NameTaken();
        }

        return TypedResults.Created($"/api/categories/{category.Id}", CategoryResponse.From(category));
    }

    /// <summary>Renames, archives (<c>archived: true</c>) or restores a custom category; system categories are read-only.</summary>
    public static async Task<Results<Ok<CategoryResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Update(
        Guid id, CategoryInput input, ClaimsPrincipal user, ExpensesDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var category = await FindVisibleAsync(db, id, userId, cancellationToken, tracked: true);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        if (category.IsSystem)
        {
            return SystemCategoryIsReadOnly();
        }

        if (IfMatch.Check(http.Request, category.ETag, "category") is { } failed)
        {
            return failed;
        }

        var errors = await ValidateNameAsync(db, userId, input.Name, exceptId: id, cancellationToken);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        category.Name = input.Name!.Trim();
        category.NormalizedName = Category.Normalize(input.Name);
        if (input.Archived is { } archived)
        {
            category.ArchivedAt = archived ? category.ArchivedAt ?? Timestamps.Now(clock) : null;
        }

        category.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.PreconditionFailed("category");
        }
        catch (DbUpdateException)
        {
            return NameTaken();
        }

        http.Response.Headers.ETag = category.ETag;
        return TypedResults.Ok(CategoryResponse.From(category));
    }

    /// <summary>
    /// Deletes an unused custom category (204). One in use is archived (200 with the archived category), or,
    /// with <c>?moveTo={id}</c>, its expenses and budgets move to that category first and it is deleted (204).
    /// </summary>
    public static async Task<Results<NoContent, Ok<CategoryResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Delete(
        Guid id, Guid? moveTo, ClaimsPrincipal user, ExpensesDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var category = await FindVisibleAsync(db, id, userId, cancellationToken, tracked: true);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        if (category.IsSystem)
        {
            return SystemCategoryIsReadOnly();
        }

        if (moveTo is { } target)
        {
            var errors = new ValidationErrors();
            if (target == id)
            {
                errors.Add("moveTo", "Expenses cannot move to the category being deleted.");
            }
            else
            {
                await Expenses.CategoryGuard.CheckAsync(db, userId, target, unchangedFrom: null, errors, cancellationToken);
            }

            if (!errors.IsValid)
            {
                return errors.ToProblem();
            }

            await CategoryMove.MoveAsync(db, userId, id, target, clock, cancellationToken);
            return TypedResults.NoContent();
        }

        if (await db.Expenses.AnyAsync(e => e.CategoryId == id, cancellationToken))
        {
            category.ArchivedAt ??= Timestamps.Now(clock);
            category.Version++;
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(CategoryResponse.From(category));
        }

        db.Categories.Remove(category);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Category?> FindVisibleAsync(ExpensesDbContext db, Guid id, Guid userId, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Categories : db.Categories.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == id && (c.OwnerId == null || c.OwnerId == userId), cancellationToken);
    }

    private static async Task<ValidationErrors> ValidateNameAsync(ExpensesDbContext db, Guid userId, string? name, Guid? exceptId, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("name", name).MaxLength("name", name?.Trim(), NameMaxLength);
        if (!errors.IsValid)
        {
            return errors;
        }

        if (name!.Any(char.IsControl))
        {
            return errors.Add("name", "Control characters are not allowed in a name.");
        }

        var normalized = Category.Normalize(name!);
        if (SystemCategories.IsSystemName(normalized)
            || await db.Categories.AnyAsync(c => c.OwnerId == userId && c.NormalizedName == normalized && c.Id != exceptId, cancellationToken))
        {
            errors.Add("name", "A category with this name already exists.");
        }

        return errors;
    }

    private static ValidationProblem NameTaken() => new ValidationErrors().Add("name", "A category with this name already exists.").ToProblem();

    private static ProblemHttpResult SystemCategoryIsReadOnly() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "System categories cannot be changed or deleted.",
            detail: "Create a category of your own instead.");
}
