using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.Products;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Catalog.Categories;

public sealed record CategoryInput(string? Name);

public sealed record CategoryResponse(Guid Id, string Name)
{
    public static CategoryResponse From(Category category) => new(category.Id, category.Name);
}

/// <summary><c>/api/categories</c>: anyone browses the shelves, admins create and rename them.</summary>
public static class CategoryEndpoints
{
    /// <summary>Categories are few; one bounded page holds them all.</summary>
    public const int MaxCategories = 500;

    public static IEndpointRouteBuilder MapCategoryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/categories").WithTags("Categories");
        group.MapGet("/", List).AllowAnonymous();
        group.MapGet("/{id:guid}/products", ProductsOf).AllowAnonymous();
        group.MapPost("/", Create).RequireAuthorization(OutlayPolicies.Admin);
        group.MapPut("/{id:guid}", Rename).RequireAuthorization(OutlayPolicies.Admin);
        return app;
    }

    public static async Task<Ok<List<CategoryResponse>>> List(CatalogDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Categories.AsNoTracking().OrderBy(c => c.NormalizedName).Take(MaxCategories)
            .Select(c => new CategoryResponse(c.Id, c.Name)).ToListAsync(cancellationToken));

    /// <summary>Seed 002's "products by category": the product listing with the category filter set.</summary>
    public static async Task<Results<Ok<ProductPage>, ValidationProblem, NotFound>> ProductsOf(
        Guid id, [AsParameters] ProductQuery query, CatalogDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!await db.Categories.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var (page, problem) = await ProductListing.ReadAsync(query with { Category = id }, db, http.User.IsAdmin(), cancellationToken);
        return page is null ? problem! : TypedResults.Ok(page);
    }

    public static async Task<Results<Created<CategoryResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CategoryInput input, CatalogDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Validate(input) is { } invalid)
        {
            return invalid;
        }

        var category = new Category
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name!.Trim(),
            NormalizedName = Category.Normalize(input.Name),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Categories.Add(category);
        if (await SaveUniqueAsync(db, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/categories/{category.Id}", CategoryResponse.From(category));
    }

    public static async Task<Results<Ok<CategoryResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Rename(
        Guid id, CategoryInput input, CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (Validate(input) is { } invalid)
        {
            return invalid;
        }

        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        category.Name = input.Name!.Trim();
        category.NormalizedName = Category.Normalize(input.Name);
        if (await SaveUniqueAsync(db, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(CategoryResponse.From(category));
    }

    private static ValidationProblem? Validate(CategoryInput input)
    {
        var errors = new ValidationErrors().Required("name", input.Name).MaxLength("name", input.Name?.Trim(), Category.MaxNameLength);
        return errors.IsValid ? null : errors.ToProblem();
    }

    private static async Task<ProblemHttpResult?> SaveUniqueAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A category with this name exists.",
                detail: "Category names are unique regardless of case.");
        }
    }
}
