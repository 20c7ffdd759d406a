using System.Net;
using System.Text.RegularExpressions;

using Outlay.Web.Tests.Infrastructure;

namespace Outlay.Web.Tests.Admin;

/// <summary>Admin pages: users and roles against the real Identity; the gateway page against the gateway admin API stub.</summary>
public sealed class AdminPageTests(SqliteWebStack stack) : IClassFixture<SqliteWebStack>
{
    [Fact]
    public async Task An_admin_changes_a_canary_weight_on_the_gateway_page()
    {
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var page = await admin.GetAsync("/admin/gateway");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"weight-identity-v2\" name=\"weight[v2]\" type=\"number\" min=\"0\" max=\"10000\" value=\"10\"", page.Html, StringComparison.Ordinal);
        Assert.Contains(">unhealthy<", page.Html, StringComparison.Ordinal);

        var changed = await admin.SubmitAndFollowAsync("/admin/gateway", new() { ["cluster"] = "identity", ["weight[v1]"] = "50", ["weight[v2]"] = "50" }, action: "/admin/gateway?handler=weights");
        Assert.Contains("identity: traffic split set to v1 50, v2 50.", changed.Html, StringComparison.Ordinal);
        Assert.Equal(50, stack.Stub.IdentityWeights["v2"]);

        using var invalid = await admin.SubmitAsync("/admin/gateway", new() { ["cluster"] = "identity", ["weight[v1]"] = "0", ["weight[v2]"] = "0" }, action: "/admin/gateway?handler=weights");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("id=\"Weights-identity-error\"", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_makes_a_user_an_approver_who_then_sees_the_queue()
    {
        var email = WebStack.NewEmail();
        (await stack.SignedUpAsync(email, first: "Rita", last: "Roles")).Dispose();
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var users = await admin.GetAsync("/admin/users?search=" + Uri.EscapeDataString(email));
        var id = Regex.Match(users.Html, "name=\"id\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var etag = Regex.Match(users.Html, "name=\"etag\" value=\"([^\"]+)\"").Groups[1].Value;
        using var saved = await admin.PostAsync("/admin/users?handler=roles", [new("id", id), new("etag", WebUtility.HtmlDecode(etag)), new("roles", "approver")], users.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var approver = await stack.SignedInAsync(email, WebStack.Password);
        Assert.Equal(HttpStatusCode.OK, (await approver.GetAsync("/claims/queue")).Status);
    }

    [Fact]
    public async Task Admin_pages_are_closed_to_users()
    {
        using var user = await stack.SignedUpAsync();
        foreach (var url in new[] { "/admin", "/admin/gateway", "/admin/users", "/admin/orders", "/admin/products" })
        {
            var page = await user.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Contains("/account/denied", page.Location, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_admin_ships_an_accepted_order()
    {
        var product = stack.Stub.AddProduct("Monitor", 300m, 4);
        using var buyer = await stack.SignedUpAsync();
        (await buyer.SubmitAsync($"/store/products/{product}", new() { ["Quantity"] = "1" }, action: $"/store/products/{product}?handler=add")).Dispose();
        var cart = await buyer.GetAsync("/store/cart");
        using var placed = await buyer.PostAsync("/store/cart?handler=checkout", Store.StorePageTests.Checkout(cart.InputValue("checkoutKey")!), cart.AntiforgeryToken());
        var orderUrl = placed.Headers.Location!.ToString();
        await buyer.GetAsync(orderUrl);
        Assert.Contains("Accepted (under process)", (await buyer.GetAsync(orderUrl)).Html, StringComparison.Ordinal);

        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var orders = await admin.GetAsync("/admin/orders?status=accepted");
        var orderId = orderUrl.Split('/')[^1];
        Assert.Matches($"name=\"id\" value=\"{orderId}\">\\s*<input type=\"hidden\" name=\"status\" value=\"shipping\"", orders.Html);
        var shipped = await admin.SubmitAndFollowAsync("/admin/orders", new() { ["id"] = orderId, ["status"] = "shipping" }, action: "/admin/orders?handler=move");
        Assert.Contains("The order is now Shipping.", shipped.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel order", (await buyer.GetAsync(orderUrl)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_adds_a_category_and_a_product_restocks_and_retires_it()
    {
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var category = await admin.SubmitAndFollowAsync("/admin/products", new() { ["categoryName"] = "Desks" }, action: "/admin/products?handler=category");
        Assert.Contains("The category “Desks” is in the store.", category.Html, StringComparison.Ordinal);
        Assert.Contains(">Desks</option>", category.Html, StringComparison.Ordinal);

        var invalid = await admin.SubmitAndFollowAsync("/admin/products", new() { ["Form.Name"] = "Desk", ["Form.Price"] = "lots", ["Form.Currency"] = "", ["Form.Quantity"] = "3" }, action: "/admin/products?handler=create");
        Assert.Equal("A price is a number such as 12.50.", invalid.FieldError("Form_Price"));
        Assert.NotNull(invalid.FieldError("Form_Currency"));

        var name = $"Standing desk {Guid.NewGuid():N}"[..22];
        var created = await admin.SubmitAndFollowAsync("/admin/products", new() { ["Form.Name"] = name, ["Form.Price"] = "450.00", ["Form.Currency"] = "EUR", ["Form.Quantity"] = "3" }, action: "/admin/products?handler=create");
        Assert.Contains($"“{name}” is in the store.", created.Html, StringComparison.Ordinal);
        var id = Regex.Match(created.Html, "name=\"id\" value=\"([0-9a-f-]{36})\">\\s*<label[^>]*>Units to add to " + Regex.Escape(name)).Groups[1].Value;
        Assert.NotEmpty(id);

        var restocked = await admin.SubmitAndFollowAsync("/admin/products", new() { ["id"] = id, ["quantity"] = "2" }, action: "/admin/products?handler=restock");
        Assert.Contains($"“{name}” now has 5 available.", restocked.Html, StringComparison.Ordinal);
        var retired = await admin.SubmitAndFollowAsync("/admin/products", new() { ["id"] = id }, action: "/admin/products?handler=retire");
        Assert.Contains($"“{name}” is retired.", retired.Html, StringComparison.Ordinal);
    }
}
