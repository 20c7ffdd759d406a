using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Outlay.Testing;

namespace Outlay.Catalog.Tests;

/// <summary>The public store front: visitors list, filter, sort and page products, and read one by id or name.</summary>
public abstract class BrowseTests<THost>(THost host) : IClassFixture<THost> where THost : CatalogHost
{
    [Fact]
    public async Task Visitors_filter_by_category_text_price_and_stock_and_sort()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var furniture = await host.CreateCategoryAsync("Furniture " + tag);
        var kitchen = await host.CreateCategoryAsync("Kitchen " + tag);
        await host.CreateProductAsync(quantity: 30, price: "29.99", name: $"Chair {tag}", categories: [furniture, kitchen], description: "A comfortable armchair");
        await host.CreateProductAsync(quantity: 200, price: "5.99", name: $"Cutlery {tag}", categories: [kitchen], description: "An interesting set of cutlery");
        await host.CreateProductAsync(quantity: 0, price: "1299.99", name: $"Laptop {tag}", description: "A powerful computing device");
        var visitor = host.Client();

        var byCategory = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?category={kitchen}&sort=price");
        Assert.Equal([$"Cutlery {tag}", $"Chair {tag}"], Names(byCategory));
        Assert.Equal(2, byCategory.GetProperty("total").GetInt32());

        var viaCategory = await visitor.GetFromJsonAsync<JsonElement>($"/api/categories/{furniture}/products");
        Assert.Equal([$"Chair {tag}"], Names(viaCategory));

        var text = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}%20&sort=-price");
        Assert.Equal([$"Laptop {tag}", $"Chair {tag}", $"Cutlery {tag}"], Names(text));
        var description = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q=ARMCHAIR&category={furniture}");
        Assert.Equal([$"Chair {tag}"], Names(description));

        var priced = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}&minPrice=6&maxPrice=1299.99&sort=price");
        Assert.Equal([$"Chair {tag}", $"Laptop {tag}"], Names(priced));

        var inStock = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}&inStock=true");
        Assert.Equal([$"Chair {tag}", $"Cutlery {tag}"], Names(inStock));

        var chair = byCategory.GetProperty("items")[1];
        Assert.Equal("29.99", chair.GetProperty("price").GetString());
        Assert.Equal(30, chair.GetProperty("quantityAvailable").GetInt32());
        Assert.Equal(JsonValueKind.Null, chair.GetProperty("stock").ValueKind);
        Assert.Equal(2, chair.GetProperty("categories").GetArrayLength());
    }

    [Fact]
    public async Task Pages_are_bounded_and_do_not_repeat()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            await host.CreateProductAsync(name: $"Paged {tag} {i}");
        }

        var visitor = host.Client();
        var first = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}&pageSize=2&page=1");
        var third = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}&pageSize=2&page=3");
        Assert.Equal([$"Paged {tag} 0", $"Paged {tag} 1"], Names(first));
        Assert.Equal([$"Paged {tag} 4"], Names(third));
        Assert.Equal(5, first.GetProperty("total").GetInt32());

        await ProblemAssert.IsProblemAsync(await visitor.GetAsync("/api/products?pageSize=101"), HttpStatusCode.BadRequest, "pageSize");
        await ProblemAssert.IsProblemAsync(await visitor.GetAsync("/api/products?page=0&sort=cheapest&minPrice=1e3"), HttpStatusCode.BadRequest, "page", "sort", "minPrice");
    }

    [Fact]
    public async Task Cursor_pages_walk_every_sort_in_order_without_repeats()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 7; i++)
        {
            // Three prices for seven products: ties on the sort key are broken by the name.
            await host.CreateProductAsync(name: $"Walk {tag} {i}", price: $"{1 + (i % 3)}.00");
        }

        var visitor = host.Client();
        foreach (var sort in new[] { "name", "-name", "price", "-price", "newest" })
        {
            var whole = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}&sort={sort}&pageSize=100");
            Assert.Equal(JsonValueKind.Null, whole.GetProperty("nextCursor").ValueKind);
            var walked = new List<string>();
            var pages = 0;
            string? cursor = null;
            do
            {
                var after = cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor);
                var page = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}&sort={sort}&pageSize=3{after}");
                Assert.Equal(7, page.GetProperty("total").GetInt32());
                // Numbered when read by number, null when read by cursor.
                Assert.Equal(cursor is null ? "1" : "null", page.GetProperty("page").GetRawText());
                walked.AddRange(Names(page));
                cursor = page.GetProperty("nextCursor").GetString();
                pages++;
            }
            while (cursor is not null);

            Assert.Equal(Names(whole), walked);
            Assert.Equal(3, pages);
        }

        var priced = await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}&sort=price&pageSize=2");
        Assert.Equal([$"Walk {tag} 0", $"Walk {tag} 3"], Names(priced));
        var priceCursor = Uri.EscapeDataString(priced.GetProperty("nextCursor").GetString()!);
        await ProblemAssert.IsProblemAsync(await visitor.GetAsync($"/api/products?q={tag}&sort=name&after={priceCursor}"), HttpStatusCode.BadRequest, "after");
        await ProblemAssert.IsProblemAsync(await visitor.GetAsync($"/api/products?sort=price&page=2&after={priceCursor}"), HttpStatusCode.BadRequest, "after");
        await ProblemAssert.IsProblemAsync(await visitor.GetAsync("/api/products?after=not-a-cursor%21"), HttpStatusCode.BadRequest, "after");
        await ProblemAssert.IsProblemAsync(await visitor.GetAsync("/api/products?after=" + new string('A', 2000)), HttpStatusCode.BadRequest, "after");
        await ProblemAssert.IsProblemAsync(await visitor.GetAsync("/api/products?page=102&pageSize=100"), HttpStatusCode.BadRequest, "page");
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/api/products?page=101&pageSize=100")).StatusCode);
    }

    [Fact]
    public async Task Products_are_read_by_id_and_by_name_case_insensitively()
    {
        var name = "Headphones " + Guid.NewGuid().ToString("N")[..8];
        var created = await host.CreateProductAsync(name: name, price: "99.90");
        var id = created.GetProperty("id").GetGuid();
        var visitor = host.Client();

        var byId = await visitor.GetFromJsonAsync<JsonElement>($"/api/products/{id}");
        var byName = await visitor.GetFromJsonAsync<JsonElement>($"/api/products/by-name/{Uri.EscapeDataString(name.ToUpperInvariant())}");

        Assert.Equal(name, byId.GetProperty("name").GetString());
        Assert.Equal(id, byName.GetProperty("id").GetGuid());
        Assert.Equal("99.90", byName.GetProperty("price").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/products/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/api/products/by-name/nothing-like-this")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/categories/{Guid.NewGuid()}/products")).StatusCode);
    }

    [Fact]
    public async Task Retired_products_leave_the_listing_but_stay_readable_by_id()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = (await host.CreateProductAsync(name: $"Old {tag}")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await host.Admin().PostAsync($"/api/products/{id}/retire", null)).StatusCode);

        var visitor = host.Client();
        Assert.Empty(Names(await visitor.GetFromJsonAsync<JsonElement>($"/api/products?q={tag}")));
        var product = await visitor.GetFromJsonAsync<JsonElement>($"/api/products/{id}");
        Assert.True(product.GetProperty("retired").GetBoolean());
        Assert.False(product.GetProperty("inStock").GetBoolean());
    }

    private static List<string> Names(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
}

public sealed class BrowseOnSqlite(SqliteCatalog host) : BrowseTests<SqliteCatalog>(host);

public sealed class BrowseOnPostgres(PostgresCatalog host) : BrowseTests<PostgresCatalog>(host);
