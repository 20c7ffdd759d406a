using System.Text.RegularExpressions;

using Microsoft.Playwright;

namespace Outlay.Web.BrowserTests;

/// <summary>The browser flows against the whole stack, through the gateway, as a person does them.</summary>
public sealed class EndToEndTests(BrowserStack stack)
{
    [Fact]
    public async Task Sign_up_add_three_expenses_and_the_total_and_chart_show_them()
    {
        var page = await stack.NewPageAsync();
        try
        {
            await Flows.SignUpAsync(page, BrowserStack.NewEmail());
            await Flows.AddExpenseAsync(page, "12.50", "Lunch", "Food");
            await Flows.AddExpenseAsync(page, "30.00", "Train", "Transportation");
            await Flows.AddExpenseAsync(page, "7.25", "Coffee", "Food");
            await Assertions.Expect(page.Locator("#expenses tbody tr")).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("#period-total")).ToContainTextAsync("49.75");

            await page.GetByRole(AriaRole.Link, new() { Name = "Summary", Exact = true }).First.ClickAsync();
            await Assertions.Expect(page.Locator("#chart-category rect")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("#chart-category")).ToContainTextAsync("Food");
            await Assertions.Expect(page.Locator("#chart-category")).ToContainTextAsync("30.00");
        }
        finally
        {
            await BrowserStack.ScreenshotAsync(page, nameof(Sign_up_add_three_expenses_and_the_total_and_chart_show_them));
        }
    }

    [Fact]
    public async Task A_claim_approved_by_an_approver_shows_approved_to_its_submitter()
    {
        var submitter = await stack.NewPageAsync(phone: true);
        var approver = await stack.NewPageAsync();
        var description = $"Conference {Guid.NewGuid():N}"[..24];
        try
        {
            await Flows.SignUpAsync(submitter, BrowserStack.NewEmail(), "Sam", "Submitter");
            await submitter.GotoAsync("/claims");
            await submitter.GetByLabel("Category").FillAsync("training");
            await submitter.GetByLabel("What for").FillAsync(description);
            await submitter.GetByLabel("Estimated cost").FillAsync("450");
            await submitter.GetByRole(AriaRole.Button, new() { Name = "Submit claim" }).ClickAsync();
            await Assertions.Expect(submitter.Locator("#my-claims")).ToContainTextAsync("pending");

            await Flows.SignInAsync(approver, stack.AdminEmail, stack.AdminPassword);
            await approver.GotoAsync("/claims/queue");
            var card = approver.Locator("article.claim", new() { HasText = description });
            await card.GetByLabel("Comment").FillAsync("Approved, enjoy");
            await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Assertions.Expect(approver.GetByRole(AriaRole.Status)).ToContainTextAsync("approved");

            await submitter.ReloadAsync();
            await Assertions.Expect(submitter.Locator("#my-claims tr", new() { HasText = description })).ToContainTextAsync("approved");
        }
        finally
        {
            await BrowserStack.ScreenshotAsync(submitter, nameof(A_claim_approved_by_an_approver_shows_approved_to_its_submitter));
            await BrowserStack.ScreenshotAsync(approver, nameof(A_claim_approved_by_an_approver_shows_approved_to_its_submitter) + "-approver");
        }
    }

    [Fact]
    public async Task Two_products_in_the_cart_are_ordered_the_order_turns_accepted_on_its_own_and_its_address_changes()
    {
        var admin = await stack.NewPageAsync();
        var buyer = await stack.NewPageAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        try
        {
            await Flows.SignInAsync(admin, stack.AdminEmail, stack.AdminPassword);
            foreach (var (name, price) in new[] { ($"Keyboard {suffix}", "49.90"), ($"Headset {suffix}", "79.00") })
            {
                await admin.GotoAsync("/admin/products");
                await admin.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
                await admin.GetByLabel("Price").FillAsync(price);
                await admin.GetByLabel("Units in stock").FillAsync("20");
                await admin.GetByRole(AriaRole.Button, new() { Name = "Add product" }).ClickAsync();
                await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync(name);
            }

            var buyerEmail = BrowserStack.NewEmail();
            await Flows.SignUpAsync(buyer, buyerEmail, "Bea", "Buyer");
            foreach (var name in new[] { $"Keyboard {suffix}", $"Headset {suffix}" })
            {
                // The catalog's change reaches the ordering replica through events; the store page lists it from the catalog.
                await buyer.GotoAsync("/store?q=" + Uri.EscapeDataString(suffix));
                await buyer.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
                await buyer.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
                await Flows.ArrivedAtAsync(buyer, "/store/cart");
            }

            await Assertions.Expect(buyer.Locator("#cart tbody tr")).ToHaveCountAsync(2);
            // A new account has no address in its profile yet; the order takes this one.
            await buyer.GetByLabel("Street and number").FillAsync("1 Main Street");
            await buyer.GetByLabel("Postal code").FillAsync("62701");
            await buyer.GetByLabel("City").FillAsync("Springfield");
            await buyer.GetByLabel("State or region").FillAsync("IL");
            await buyer.GetByLabel("Country").FillAsync("USA");
            await buyer.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
            await Flows.ArrivedAtAsync(buyer, "/store/orders/");
            // No reload by the test: the page's own polling shows the saga's decision.
            await Assertions.Expect(buyer.Locator("#status-label")).ToHaveTextAsync("Accepted (under process)", new() { Timeout = 30_000 });

            // Until it ships, the order's delivery address can change. The page reloads itself on the decision; start
            // from a settled copy so that the reload cannot wipe what is typed.
            await buyer.GotoAsync(buyer.Url);
            await buyer.GetByLabel("Email 1").FillAsync(buyerEmail);
            await buyer.GetByLabel("Street and number").FillAsync("2 Elm Street");
            await buyer.GetByLabel("City").FillAsync("Shelbyville");
            await buyer.GetByRole(AriaRole.Button, new() { Name = "Save contact and delivery" }).ClickAsync();
            await Assertions.Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("delivery address are saved");
            await Assertions.Expect(buyer.GetByLabel("City")).ToHaveValueAsync("Shelbyville");
            await Assertions.Expect(buyer.GetByLabel("Street and number")).ToHaveValueAsync("2 Elm Street");
        }
        finally
        {
            await BrowserStack.ScreenshotAsync(buyer, nameof(Two_products_in_the_cart_are_ordered_the_order_turns_accepted_on_its_own_and_its_address_changes));
            await BrowserStack.ScreenshotAsync(admin, nameof(Two_products_in_the_cart_are_ordered_the_order_turns_accepted_on_its_own_and_its_address_changes) + "-admin");
        }
    }

    [Fact]
    public async Task An_admin_changes_a_canary_weight_on_the_admin_page()
    {
        var admin = await stack.NewPageAsync();
        try
        {
            await Flows.SignInAsync(admin, stack.AdminEmail, stack.AdminPassword);
            await admin.GotoAsync("/admin/gateway");
            var form = admin.Locator("form[aria-label^='Traffic split']").First;
            var inputs = form.Locator("input[type=number]");
            var count = await inputs.CountAsync();
            Assert.True(count >= 1, "The gateway page shows a weight per version.");
            for (var i = 0; i < count; i++)
            {
                await inputs.Nth(i).FillAsync(i == 0 ? "80" : "20");
            }

            await form.GetByRole(AriaRole.Button, new() { Name = "Set traffic split" }).ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("traffic split set to");
            await Assertions.Expect(admin.Locator("form[aria-label^='Traffic split']").First.Locator("input[type=number]").First).ToHaveValueAsync("80");
        }
        finally
        {
            await BrowserStack.ScreenshotAsync(admin, nameof(An_admin_changes_a_canary_weight_on_the_admin_page));
        }
    }
}
