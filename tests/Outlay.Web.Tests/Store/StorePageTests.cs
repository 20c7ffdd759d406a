using System.Net;
using System.Text.RegularExpressions;

using Outlay.Web.Tests.Infrastructure;

namespace Outlay.Web.Tests.Store;

/// <summary>The store pages against the Catalog/Ordering stub (the services' contract) and the real Identity.</summary>
public sealed class StorePageTests(SqliteWebStack stack) : IClassFixture<SqliteWebStack>
{
    [Fact]
    public async Task Visitors_browse_and_search_and_markup_in_names_is_text()
    {
        stack.Stub.AddProduct("Dock <script>x</script>", 99m, 3);
        using var visitor = stack.Browser();
        var page = await visitor.GetAsync("/store?q=dock");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Dock &lt;script&gt;x&lt;/script&gt;", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>x", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_products_in_the_cart_become_an_order_whose_status_updates_and_can_be_cancelled()
    {
        var laptop = stack.Stub.AddProduct("Laptop", 1200m, 5);
        var mouse = stack.Stub.AddProduct("Mouse", 25.50m, 10);
        using var browser = await stack.SignedUpAsync();
        (await browser.SubmitAsync($"/store/products/{laptop}", new() { ["Quantity"] = "1" }, action: $"/store/products/{laptop}?handler=add")).Dispose();
        (await browser.SubmitAsync($"/store/products/{mouse}", new() { ["Quantity"] = "2" }, action: $"/store/products/{mouse}?handler=add")).Dispose();

        var cart = await browser.GetAsync("/store/cart");
        Assert.Contains("Total: 1,251.00 EUR", cart.Html, StringComparison.Ordinal);
        var key = cart.InputValue("checkoutKey")!;
        using var placed = await browser.PostAsync("/store/cart?handler=checkout", Checkout(key), cart.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var orderUrl = placed.Headers.Location!.ToString();

        var order = await browser.GetAsync(orderUrl);
        Assert.Contains("Pending (checking stock)", order.Html, StringComparison.Ordinal);
        var poll = Regex.Match(order.Html, "data-poll=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.NotEmpty(poll);
        Assert.Contains("<noscript><meta http-equiv=\"refresh\"", order.Html, StringComparison.Ordinal);

        using var status = await browser.Http.GetAsync(poll);
        Assert.Equal("application/json", status.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":\"accepted\"", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Total: 0", (await browser.GetAsync("/store/cart")).Html.Replace("Your cart is empty", "Total: 0", StringComparison.Ordinal), StringComparison.Ordinal);

        // Checking out the same page again (a double click) does not place a second order.
        using (var again = await browser.PostAsync("/store/cart?handler=checkout", Checkout(key), cart.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        Assert.Single(Regex.Matches((await browser.GetAsync("/store/orders")).Html, "href=\"/store/orders/"));

        var cancelled = await browser.SubmitAndFollowAsync(orderUrl, [], action: orderUrl + "?handler=cancel");
        Assert.Contains("The order is cancelled.", cancelled.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel order", cancelled.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_without_a_delivery_address_or_with_a_bad_one_shows_why_and_keeps_the_cart()
    {
        var chair = stack.Stub.AddProduct("Chair", 80m, 5);
        using var browser = await stack.SignedUpAsync();
        (await browser.SubmitAsync($"/store/products/{chair}", new() { ["Quantity"] = "1" }, action: $"/store/products/{chair}?handler=add")).Dispose();
        var cart = await browser.GetAsync("/store/cart");
        var key = cart.InputValue("checkoutKey")!;

        var missing = await browser.SubmitAndFollowAsync("/store/cart", new() { ["checkoutKey"] = key }, action: "/store/cart?handler=checkout");
        Assert.Contains("no delivery address", missing.Html, StringComparison.Ordinal);

        var fields = Checkout(key);
        fields["Address.City"] = "";
        var bad = await browser.SubmitAndFollowAsync("/store/cart", fields, action: "/store/cart?handler=checkout");
        Assert.Equal("This field is required.", bad.FieldError("Address_City"));
        Assert.Contains("Chair", (await browser.GetAsync("/store/cart")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_cart_cookie_is_an_empty_cart()
    {
        using var browser = await stack.SignedUpAsync();
        browser.Http.DefaultRequestHeaders.Add("Cookie", "outlay_cart=forged");
        var cart = await browser.GetAsync("/store/cart");
        Assert.Equal(HttpStatusCode.OK, cart.Status);
        Assert.Contains("Your cart is empty", cart.Html, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string> Checkout(string key) => new()
    {
        ["checkoutKey"] = key,
        ["Address.Street"] = "1 Main Street",
        ["Address.City"] = "Springfield",
        ["Address.State"] = "IL",
        ["Address.PostalCode"] = "62701",
        ["Address.Country"] = "USA",
    };
}
