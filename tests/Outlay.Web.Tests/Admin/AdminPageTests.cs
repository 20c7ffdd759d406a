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
    public async Task An_admin_edits_another_users_profile_and_the_user_sees_it()
    {
        var email = WebStack.NewEmail();
        using var user = await stack.SignedUpAsync(email, first: "Pat", last: "Profile");
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var url = await ProfileUrlAsync(admin, email);
        var form = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("Profile of Pat Profile", form.Html, StringComparison.Ordinal);
        Assert.Equal("Pat", form.InputValue("Form.FirstName"));
        Assert.Equal(email, form.InputValue("Form.Emails[0]"));

        var fields = FormFields.Profile(email, first: "Patricia", phone: "0123456789", last: "Profile");
        fields["Form.Emails[1]"] = "pat.work@example.com";
        fields["Form.ETag"] = form.InputValue("Form.ETag")!;
        var saved = await admin.SubmitAndFollowAsync(url, fields);
        Assert.Contains("The profile of Patricia Profile is saved.", saved.Html, StringComparison.Ordinal);
        Assert.Equal("Main Street 1", saved.InputValue("Form.Address.Street"));

        var own = await user.GetAsync("/account/profile");
        Assert.Equal("Patricia", own.InputValue("Form.FirstName"));
        Assert.Equal("pat.work@example.com", own.InputValue("Form.Emails[1]"));
        Assert.Equal("Springfield", own.InputValue("Form.Address.City"));
        Assert.Equal("0123456789", own.InputValue("Form.PhoneNumber"));
    }

    [Fact]
    public async Task Identity_errors_on_the_admins_profile_form_show_next_to_their_fields()
    {
        var email = WebStack.NewEmail();
        var taken = WebStack.NewEmail();
        (await stack.SignedUpAsync(email)).Dispose();
        (await stack.SignedUpAsync(taken)).Dispose();
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var url = await ProfileUrlAsync(admin, email);
        var form = await admin.GetAsync(url);

        var fields = FormFields.Profile(email, first: "", phone: "12-34");
        fields["Form.Emails[1]"] = taken;
        fields["Form.Address.City"] = "";
        fields["Form.ETag"] = form.InputValue("Form.ETag")!;
        using var response = await admin.PostAsync(url, fields, form.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new PageClient.Page(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
        Assert.Equal("This field is required.", page.FieldError("Form_FirstName"));
        Assert.Equal("A phone number has 10 to 15 digits and nothing else.", page.FieldError("Form_PhoneNumber"));
        Assert.Equal("This field is required.", page.FieldError("Form_Address_City"));
        Assert.Null(page.FieldError("Form_Address_Street"));
        Assert.Contains("Signs in as " + email, page.Html, StringComparison.Ordinal);

        // Emails are unique across accounts: Identity names the input that holds another account's email.
        fields = FormFields.Profile(email, first: "Ann", phone: "");
        fields["Form.Emails[1]"] = taken;
        fields["Form.ETag"] = form.InputValue("Form.ETag")!;
        using var clash = await admin.PostAsync(url, fields, form.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        var clashPage = new PageClient.Page(clash.StatusCode, await clash.Content.ReadAsStringAsync(), null, clash);
        Assert.Equal("This email belongs to another account.", clashPage.FieldError("Form_Emails_1_"));
    }

    [Fact]
    public async Task A_stale_admin_form_does_not_overwrite_the_users_own_newer_change()
    {
        var email = WebStack.NewEmail();
        using var user = await stack.SignedUpAsync(email, first: "Old", last: "Name");
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var url = await ProfileUrlAsync(admin, email);
        var stale = await admin.GetAsync(url);

        var own = await user.GetAsync("/account/profile");
        var mine = FormFields.Profile(email, first: "Newer", phone: "");
        mine["Form.ETag"] = own.InputValue("Form.ETag")!;
        (await user.SubmitAsync("/account/profile", mine)).Dispose();

        var fields = FormFields.Profile(email, first: "Older", phone: "");
        fields["Form.ETag"] = stale.InputValue("Form.ETag")!;
        using var response = await admin.PostAsync(url, fields, stale.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reloaded = await admin.GetAsync(response.Headers.Location!.ToString());
        Assert.Contains("This profile was changed elsewhere in the meantime", reloaded.Html, StringComparison.Ordinal);
        Assert.Equal("Newer", reloaded.InputValue("Form.FirstName"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/users/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task Admin_pages_are_closed_to_users()
    {
        using var user = await stack.SignedUpAsync();
        foreach (var url in new[] { "/admin", "/admin/gateway", "/admin/users", $"/admin/users/{Guid.NewGuid()}", "/admin/orders", "/admin/products" })
        {
            var page = await user.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.Contains("/account/denied", page.Location, StringComparison.Ordinal);
        }
    }

    /// <summary>Finds the account on the users page and returns the address of its profile page, as the admin clicks the name.</summary>
    private static async Task<string> ProfileUrlAsync(PageClient admin, string email)
    {
        var users = await admin.GetAsync("/admin/users?search=" + Uri.EscapeDataString(email));
        var url = Regex.Match(users.Html, "href=\"(/admin/users/[0-9a-f-]{36})\"").Groups[1].Value;
        Assert.NotEmpty(url);
        return url;
    }

    [Fact]
    public async Task An_admin_ships_an_accepted_order()
    {
        using var buyer = await stack.SignedUpAsync();
        var orderUrl = await Store.StorePageTests.PlaceOrderAsync(stack, buyer, "Monitor");

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
