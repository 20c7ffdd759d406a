using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Catalog;
using Outlay.Testing;

namespace Outlay.Catalog.Tests;

/// <summary>Admins manage categories and products; every product change is published; bad input changes nothing.</summary>
public abstract class AdminTests<THost>(THost host) : IClassFixture<THost> where THost : CatalogHost
{
    [Fact]
    public async Task Create_update_restock_and_retire_each_publish_a_newer_snapshot()
    {
        var category = await host.CreateCategoryAsync();
        var created = await host.CreateProductAsync(quantity: 4, price: "10.00", categories: [category]);
        var id = created.GetProperty("id").GetGuid();
        var admin = host.Admin();
        Assert.Equal(4, created.GetProperty("stock").GetProperty("onHand").GetInt32());

        var updated = await admin.PutAsJsonAsync($"/api/products/{id}", new { name = "Renamed " + id, description = "new", price = 12.5, currency = "eur", categoryIds = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("12.50", body.GetProperty("price").GetString());
        Assert.Equal(0, body.GetProperty("categories").GetArrayLength());

        var restocked = await admin.PostAsJsonAsync($"/api/products/{id}/restock", new { quantity = 6 });
        Assert.Equal(10, (await restocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("quantityAvailable").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/products/{id}/retire", null)).StatusCode);

        Assert.Single(await host.PublishedAsync<ProductCreated>(), c => c.Product.ProductId == id);
        var snapshots = (await host.PublishedAsync<ProductUpdated>()).Where(u => u.Product.ProductId == id).Select(u => u.Product).ToList();
        Assert.Equal(3, snapshots.Count);
        Assert.Equal([2L, 3L, 4L], snapshots.Select(s => s.Version));
        Assert.Equal(12.5m, snapshots[0].Price);
        Assert.Equal(10, snapshots[1].QuantityAvailable);
        Assert.True(snapshots[2].Retired);
    }

    [Fact]
    public async Task Names_are_unique_regardless_of_case()
    {
        var name = "Unique " + Guid.NewGuid().ToString("N")[..8];
        await host.CreateProductAsync(name: name);
        var admin = host.Admin();
        var clash = await admin.PostAsJsonAsync("/api/products", new { name = name.ToLowerInvariant(), price = "1", currency = "EUR", quantity = 1 });
        await ProblemAssert.IsProblemAsync(clash, HttpStatusCode.Conflict);

        var category = "Shelf " + Guid.NewGuid().ToString("N")[..8];
        await host.CreateCategoryAsync(category);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/categories", new { name = category.ToUpperInvariant() }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_products_are_field_problems_and_change_nothing()
    {
        var admin = host.Admin();
        var before = await host.WithDbAsync(db => db.Products.CountAsync());

        var invalid = await admin.PostAsJsonAsync("/api/products", new
        {
            name = "",
            price = "12.345",
            currency = "EUR",
            quantity = -1,
            categoryIds = new[] { Guid.NewGuid() },
            imageUrl = "javascript:alert(1)",
        });
        await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest, "name", "price", "quantity", "categoryIds", "imageUrl");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/products", new { name = "x", price = "1", currency = "XXX", quantity = 1 }), HttpStatusCode.BadRequest, "currency");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/products", new { name = "x", price = "-1", currency = "EUR", quantity = 1 }), HttpStatusCode.BadRequest, "price");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/products", new { name = "x", price = "5.5", currency = "JPY", quantity = 1 }), HttpStatusCode.BadRequest, "price");
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/products", new StringContent("{\"name\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/products", new StringContent("{\"name\":\"x\",\"price\":true}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        var huge = new StringContent("{\"name\":\"" + new string('x', 70_000) + "\"}", Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/products", huge), HttpStatusCode.RequestEntityTooLarge);

        var id = (await host.CreateProductAsync()).GetProperty("id").GetGuid();
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync($"/api/products/{id}/restock", new { quantity = 0 }), HttpStatusCode.BadRequest, "quantity");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/products/{Guid.NewGuid()}/restock", new { quantity = 1 })).StatusCode);
        Assert.Equal(before + 1, await host.WithDbAsync(db => db.Products.CountAsync()));
    }
}

public sealed class AdminOnSqlite(SqliteCatalog host) : AdminTests<SqliteCatalog>(host);

public sealed class AdminOnPostgres(PostgresCatalog host) : AdminTests<PostgresCatalog>(host);
