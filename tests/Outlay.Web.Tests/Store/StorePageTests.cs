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

    [Fact]
    public async Task The_buyer_changes_the_emails_and_delivery_address_of_an_order_before_it_ships()
    {
        var email = WebStack.NewEmail();
        using var buyer = await stack.SignedUpAsync(email);
        var orderUrl = await PlaceOrderAsync(stack, buyer, "Desk lamp");

        var page = await buyer.GetAsync(orderUrl);
        Assert.Equal(email, page.InputValue("Details.Emails[0]"));
        Assert.Equal("", page.InputValue("Details.Emails[1]"));
        Assert.Equal("Springfield", page.InputValue("Details.Address.City"));
        Assert.Contains("<label for=\"Details_Address_Street\">Street and number</label>", page.Html, StringComparison.Ordinal);

        var fields = new Dictionary<string, string>(FormFields.Address("Details.Address", street: "2 Elm Street", city: "Shelbyville"))
        {
            ["Details.Emails[0]"] = email,
            ["Details.Emails[1]"] = "",
            ["Details.Emails[2]"] = "office@example.com",
        };
        var saved = await buyer.SubmitAndFollowAsync(orderUrl, fields, action: orderUrl + "?handler=details");
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("The order’s contact emails and delivery address are saved.", saved.Html, StringComparison.Ordinal);
        Assert.Equal("Shelbyville", saved.InputValue("Details.Address.City"));
        Assert.Equal("2 Elm Street", saved.InputValue("Details.Address.Street"));
        Assert.Equal("office@example.com", saved.InputValue("Details.Emails[1]"));
    }

    [Fact]
    public async Task Order_detail_errors_from_ordering_show_next_to_their_fields()
    {
        using var buyer = await stack.SignedUpAsync();
        var orderUrl = await PlaceOrderAsync(stack, buyer, "Whiteboard");
        var fields = new Dictionary<string, string>(FormFields.Address("Details.Address")) { ["Details.Emails[0]"] = "", ["Details.Emails[1]"] = "not-an-email" };
        fields["Details.Address.City"] = "";

        using var response = await buyer.SubmitAsync(orderUrl, fields, action: orderUrl + "?handler=details");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new PageClient.Page(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
        Assert.Equal("This field is required.", page.FieldError("Details_Address_City"));
        // The blank input was a spare slot: the API's emails[0] is the second input, and its error is shown there.
        Assert.Equal("This is not a valid email address.", page.FieldError("Details_Emails_0_"));
        Assert.Equal("not-an-email", page.InputValue("Details.Emails[0]"));
        Assert.Null(page.FieldError("Details_Address_Street"));
        Assert.Contains("aria-invalid=\"true\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shipped_order_keeps_its_address_and_a_change_racing_the_shipment_gets_the_409()
    {
        using var buyer = await stack.SignedUpAsync();
        var orderUrl = await PlaceOrderAsync(stack, buyer, "Filing cabinet");
        var open = await buyer.GetAsync(orderUrl);
        Assert.Contains("Save contact and delivery", open.Html, StringComparison.Ordinal);

        using (var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword))
        using (var shipped = await admin.SubmitAsync("/admin/orders", new() { ["id"] = orderUrl.Split('/')[^1], ["status"] = "shipping" }, action: "/admin/orders?handler=move"))
        {
            Assert.Equal(HttpStatusCode.Redirect, shipped.StatusCode);
        }

        // The buyer's page still shows the form; Ordering refuses the change and the page says why.
        var fields = new Dictionary<string, string>(FormFields.Address("Details.Address", street: "9 Late Lane")) { ["Details.Emails[0]"] = "late@example.com" };
        using var raced = await buyer.PostAsync(orderUrl + "?handler=details", fields, open.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Conflict, raced.StatusCode);
        var refused = await raced.Content.ReadAsStringAsync();
        Assert.Contains("The order has left the warehouse.", refused, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Save contact and delivery", refused, StringComparison.Ordinal);

        var now = await buyer.GetAsync(orderUrl);
        Assert.Contains("Delivery to 1 Main Street, 62701 Springfield, IL, USA", now.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("9 Late Lane", now.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=details", now.Html, StringComparison.Ordinal);
    }

    /// <summary>Puts one <paramref name="productName"/> in the cart, checks out to the Springfield address and waits until the stock check accepted it.</summary>
    internal static async Task<string> PlaceOrderAsync(WebStack stack, PageClient buyer, string productName)
    {
        var product = stack.Stub.AddProduct(productName, 300m, 4);
        (await buyer.SubmitAsync($"/store/products/{product}", new() { ["Quantity"] = "1" }, action: $"/store/products/{product}?handler=add")).Dispose();
        var cart = await buyer.GetAsync("/store/cart");
        using var placed = await buyer.PostAsync("/store/cart?handler=checkout", Checkout(cart.InputValue("checkoutKey")!), cart.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var orderUrl = placed.Headers.Location!.ToString();
        await buyer.GetAsync(orderUrl);
        Assert.Contains("Accepted (under process)", (await buyer.GetAsync(orderUrl)).Html, StringComparison.Ordinal);
        return orderUrl;
    }

    internal static Dictionary<string, string> Checkout(string key) => new(FormFields.Address("Address")) { ["checkoutKey"] = key };
}
