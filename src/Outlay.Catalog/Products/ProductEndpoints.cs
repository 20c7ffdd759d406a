using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Catalog.Products;

/// <summary>The public store front (visitors may browse): list with filters, get by id, get by name.</summary>
public static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").WithTags("Products").AllowAnonymous();
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/by-name/{name}", GetByName);
        return app;
    }

    public static async Task<Results<Ok<ProductPage>, ValidationProblem>> List(
        [AsParameters] ProductQuery query, CatalogDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (page, problem) = await ProductListing.ReadAsync(query, db, user.IsAdmin(), cancellationToken);
        return page is null ? problem! : TypedResults.Ok(page);
    }

    /// <summary>Retired products stay readable by id, so that old orders can still show what they were.</summary>
    public static Task<Results<Ok<ProductResponse>, NotFound>> Get(Guid id, CatalogDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ReadAsync(db.Products.Where(p => p.Id == id), db, user, cancellationToken);

    public static Task<Results<Ok<ProductResponse>, NotFound>> GetByName(string name, CatalogDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var normalized = Product.Normalize(name);
        return ReadAsync(db.Products.Where(p => p.NormalizedName == normalized), db, user, cancellationToken);
    }

    private static async Task<Results<Ok<ProductResponse>, NotFound>> ReadAsync(
        IQueryable<Product> query, CatalogDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var product = await query.AsNoTracking().Include(p => p.Categories).FirstOrDefaultAsync(cancellationToken);
        if (product is null)
        {
            return TypedResults.NotFound();
        }

        var categories = await ProductListing.CategoriesOfAsync(db, [product], cancellationToken);
        return TypedResults.Ok(ProductResponse.From(product, categories, user.IsAdmin()));
    }
}
