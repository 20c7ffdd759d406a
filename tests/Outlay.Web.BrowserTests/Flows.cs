using System.Text.RegularExpressions;

using Microsoft.Playwright;

namespace Outlay.Web.BrowserTests;

/// <summary>What a person does on the pages, step by step, as the browser tests need it.</summary>
public static class Flows
{
    public const string Password = "a long enough password for e2e";

    public static async Task SignUpAsync(IPage page, string email, string first = "Eve", string last = "Tester")
    {
        await page.GotoAsync("/account/signup");
        await page.GetByLabel("First name").FillAsync(first);
        await page.GetByLabel("Last name").FillAsync(last);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await ArrivedAtAsync(page, "/expenses");
    }

    /// <summary>
    /// Waits until the browser is on a page whose address matches and its HTML is parsed. Not for the load event:
    /// that also waits for every script and stylesheet, which on a loaded CI machine can outlast the deadline while
    /// the page is already usable; the next step's own auto-waiting locators cover what it needs.
    /// </summary>
    public static Task ArrivedAtAsync(IPage page, string pathPattern) =>
        page.WaitForURLAsync(new Regex(pathPattern), new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ArrivedAtAsync(page, "/expenses");
    }

    public static async Task AddExpenseAsync(IPage page, string amount, string description, string category)
    {
        await page.GotoAsync("/expenses");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync(amount);
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync(description);
        await page.Locator("#Form_CategoryId").SelectOptionAsync(new SelectOptionValue { Label = category });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add expense" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Added “{description}”");
    }
}
