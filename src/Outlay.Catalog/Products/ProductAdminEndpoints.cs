using Microsoft.AspNetCore.Http.HttpResults;

using Outlay.ServiceDefaults.Auth;

namespace Outlay.Catalog.Products;

/// <summary>Admins create, edit, restock and retire products; every change is published to Ordering's replica.</summary>
public static class ProductAdminEndpoints
{
    public static IEndpointRouteBuilder MapProductAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").RequireAuthorization(OutlayPolicies.Admin).WithTags("Products (admin)");
        group.MapPost("/", Create);
        group.MapPut("/{id:guid}", Update);
        group.MapPost("/{id:guid}/restock", Restock);
        group.MapPost("/{id:guid}/retire", Retire);
        return app;
    }

    public static Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> Create(
        ProductInput input, ProductChanges changes, CancellationToken cancellationToken) =>
        changes.CreateAsync(input, cancellationToken);

    public static Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Update(
        Guid id, ProductInput input, ProductChanges changes, CancellationToken cancellationToken) =>
        changes.UpdateAsync(id, input, cancellationToken);

    public static Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Restock(
        Guid id, RestockInput input, ProductChanges changes, CancellationToken cancellationToken) =>
        changes.RestockAsync(id, input, cancellationToken);

    public static Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Retire(
        Guid id, ProductChanges changes, CancellationToken cancellationToken) =>
        changes.RetireAsync(id, cancellationToken);
}
