using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.Contracts.Catalog;
using Outlay.Messaging.Outbox;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Catalog.Products;

/// <summary>
/// The admin's changes to products, each saved with its <c>ProductCreated</c>/<c>ProductUpdated</c> in one
/// transaction. Changes are optimistic on <see cref="Product.Version"/>: a reservation that moved the version
/// in between makes the save fail, and the change is applied again to the fresh row instead of overwriting it.
/// </summary>
public sealed class ProductChanges(CatalogDbContext db, TimeProvider clock)
{
    private const int Attempts = 5;

    public async Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(ProductInput input, CancellationToken cancellationToken)
    {
        var errors = input.Validate(creating: true, out var price, out var currency);
        await CheckCategoriesAsync(input, errors, cancellationToken);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var product = new Product
        {
            Id = Guid.CreateVersion7(),
            Name = "",
            NormalizedName = "",
            Currency = currency,
            QuantityOnHand = input.Quantity!.Value,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        product.SetDescriptive(input.Name!.Trim(), input.Description?.Trim() ?? "", price, currency, input.ImageUrl);
        product.Categories = [.. (input.CategoryIds ?? []).Distinct().Select(id => new ProductCategory { ProductId = product.Id, CategoryId = id })];
        db.Products.Add(product);
        db.PublishEvent(new ProductCreated(product.ToSnapshot()), product.Id.ToString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return NameTaken();
        }

        return TypedResults.Created($"/api/products/{product.Id}", await ResponseAsync(product, cancellationToken));
    }

    public async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateAsync(Guid id, ProductInput input, CancellationToken cancellationToken)
    {
        var errors = input.Validate(creating: false, out var price, out var currency);
        await CheckCategoriesAsync(input, errors, cancellationToken);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var categoryIds = (input.CategoryIds ?? []).Distinct().ToHashSet();
        return await ChangeAsync(id, product =>
        {
            product.SetDescriptive(input.Name!.Trim(), input.Description?.Trim() ?? "", price, currency, input.ImageUrl);
            product.Categories.RemoveAll(c => !categoryIds.Contains(c.CategoryId));
            product.Categories.AddRange(categoryIds.Where(c => product.Categories.All(existing => existing.CategoryId != c))
                .Select(c => new ProductCategory { ProductId = product.Id, CategoryId = c }));
        }, cancellationToken);
    }

    public async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> RestockAsync(Guid id, RestockInput input, CancellationToken cancellationToken)
    {
        if (input.Quantity is not (> 0 and <= Product.MaxQuantity))
        {
            return new ValidationErrors().Add("quantity", $"Restock between 1 and {Product.MaxQuantity} units.").ToProblem();
        }

        var tooMuch = false;
        var result = await ChangeAsync(id, product =>
        {
            tooMuch = (long)product.QuantityOnHand + input.Quantity.Value > Product.MaxQuantity;
            if (!tooMuch)
            {
                product.QuantityOnHand += input.Quantity.Value;
            }
        }, cancellationToken);
        return tooMuch ? new ValidationErrors().Add("quantity", $"A product holds at most {Product.MaxQuantity} units.").ToProblem() : result;
    }

    public Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> RetireAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, product => product.Retired = true, cancellationToken);

    private async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult, NotFound>> ChangeAsync(
        Guid id, Action<Product> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var product = await db.Products.Include(p => p.Categories).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (product is null)
            {
                return TypedResults.NotFound();
            }

            var version = product.Version;
            change(product);
            if (!db.ChangeTracker.HasChanges())
            {
                return TypedResults.Ok(await ResponseAsync(product, cancellationToken));
            }

            product.Version = version + 1;
            product.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            db.PublishEvent(new ProductUpdated(product.ToSnapshot()), product.Id.ToString());
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(await ResponseAsync(product, cancellationToken));
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // A reservation or another admin changed the row: apply the change again to what it is now.
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation())
            {
                return NameTaken();
            }
        }
    }

    private async Task CheckCategoriesAsync(ProductInput input, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var ids = (input.CategoryIds ?? []).Distinct().Take(ProductInput.MaxCategories + 1).ToList();
        if (ids.Count is 0 or > ProductInput.MaxCategories)
        {
            return;
        }

        var known = await db.Categories.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var missing in ids.Except(known))
        {
            errors.Add("categoryIds", $"There is no category {missing}.");
        }
    }

    private async Task<ProductResponse> ResponseAsync(Product product, CancellationToken cancellationToken) =>
        ProductResponse.From(product, await ProductListing.CategoriesOfAsync(db, [product], cancellationToken), forAdmin: true);

    private static ProblemHttpResult NameTaken() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A product with this name exists.",
            detail: "Product names are unique regardless of case.");
}
