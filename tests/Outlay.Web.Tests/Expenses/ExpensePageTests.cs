using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

using Outlay.Web.Tests.Infrastructure;

namespace Outlay.Web.Tests.Expenses;

/// <summary>
/// The expense pages against the Expenses API stub (the service is not merged into this branch yet) and the
/// real Identity. Identity's storage does not matter here, so these run on the SQLite stack only.
/// </summary>
public sealed class ExpensePageTests(SqliteWebStack stack) : IClassFixture<SqliteWebStack>
{
    private static string Today => ApiStub.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Three_added_expenses_show_in_the_list_the_total_and_the_charts()
    {
        using var browser = await stack.SignedUpAsync();
        await AddAsync(browser, "12.50", "Lunch", ApiStub.Food);
        await AddAsync(browser, "30.00", "Train", ApiStub.Travel);
        var page = await AddAsync(browser, "7.25", "Coffee", ApiStub.Food);
        Assert.Contains("Added “Coffee” (7.25 EUR).", page.Html, StringComparison.Ordinal);
        foreach (var description in new[] { "Lunch", "Train", "Coffee" })
        {
            Assert.Contains(description, page.Html, StringComparison.Ordinal);
        }

        Assert.Matches("id=\"period-total\">49.75 EUR", page.Html);

        var summary = await browser.GetAsync("/expenses/summary");
        Assert.Equal(HttpStatusCode.OK, summary.Status);
        var categoryChart = Regex.Match(summary.Html, "<svg class=\"chart\" id=\"chart-category\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("Food: 19.75 EUR", categoryChart, StringComparison.Ordinal);
        Assert.Contains("Travel: 30.00 EUR", categoryChart, StringComparison.Ordinal);
        var monthChart = Regex.Match(summary.Html, "<svg class=\"chart\" id=\"chart-month\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("49.75 EUR", monthChart, StringComparison.Ordinal);
        Assert.Equal(6, Regex.Count(monthChart, "<rect class=\"bar-alt\""));
    }

    [Fact]
    public async Task Api_validation_errors_show_next_to_the_add_form_fields()
    {
        using var browser = await stack.SignedUpAsync();
        using var response = await browser.SubmitAsync("/expenses", Fields("", "", ApiStub.Food));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PageOf(response);
        Assert.Equal("This field is required.", page.FieldError("Form_Amount"));
        Assert.Equal("This field is required.", page.FieldError("Form_Description"));
        Assert.Contains("class=\"empty\"", page.Html, StringComparison.Ordinal);

        var fields = Fields("1.00", "Date typo", ApiStub.Food);
        fields["Form.SpentOn"] = "31/12/2026";
        using var badDate = await browser.SubmitAsync("/expenses", fields);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.StartsWith("Write the date as year-month-day", (await PageOf(badDate)).FieldError("Form_SpentOn"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_in_a_description_is_shown_as_text_in_the_list_and_the_chart()
    {
        using var browser = await stack.SignedUpAsync();
        using (var created = await browser.SubmitAsync("/expenses/categories", new() { ["NewName"] = "<script>alert('c')</script>" }, action: "/expenses/categories?handler=add"))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var categories = await browser.GetAsync("/expenses/categories");
        var categoryId = Regex.Match(categories.Html, "name=\"id\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var page = await AddAsync(browser, "5.00", "<script>alert('x')</script>", Guid.Parse(categoryId));
        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", page.Html, StringComparison.Ordinal);
        var summary = await browser.GetAsync("/expenses/summary");
        Assert.DoesNotContain("<script>alert", summary.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;c&#x27;)", summary.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expense_is_edited_with_its_version_and_deleted()
    {
        using var browser = await stack.SignedUpAsync();
        await AddAsync(browser, "10.00", "Taxi", ApiStub.Travel);
        var list = await browser.GetAsync("/expenses");
        var editUrl = Regex.Match(list.Html, "href=\"(/expenses/[0-9a-f-]{36}/edit)\"").Groups[1].Value;
        var edit = await browser.GetAsync(editUrl);
        Assert.Equal("\"1\"", edit.InputValue("Form.ETag"));

        var fields = Fields("11.00", "Taxi home", ApiStub.Travel);
        fields["Form.ETag"] = "\"1\"";
        var saved = await browser.SubmitAndFollowAsync(editUrl, fields);
        Assert.Contains("Taxi home", saved.Html, StringComparison.Ordinal);
        Assert.Contains("11.00 EUR", saved.Html, StringComparison.Ordinal);

        // The same stale form again: refused, and the newer values stay.
        using (var stale = await browser.PostAsync(editUrl, Fields("99.00", "Stale", ApiStub.Travel).Append(KeyValuePair.Create("Form.ETag", "\"1\"")), edit.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        }

        Assert.Contains("changed elsewhere", (await browser.GetAsync(editUrl)).Html, StringComparison.Ordinal);

        var deleted = await browser.SubmitAndFollowAsync(editUrl, new() { ["Form.ETag"] = "\"2\"" }, action: editUrl + "?handler=delete");
        Assert.Contains("The expense is deleted.", deleted.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Taxi home", deleted.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_expense_cannot_be_opened()
    {
        using var owner = await stack.SignedUpAsync();
        await AddAsync(owner, "10.00", "Private", ApiStub.Food);
        var editUrl = Regex.Match((await owner.GetAsync("/expenses")).Html, "href=\"(/expenses/[0-9a-f-]{36}/edit)\"").Groups[1].Value;
        using var other = await stack.SignedUpAsync();
        var page = await other.GetAsync(editUrl);
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("Private", (await other.GetAsync("/expenses")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_category_names_are_reported_next_to_the_name()
    {
        using var browser = await stack.SignedUpAsync();
        using var response = await browser.SubmitAsync("/expenses/categories", new() { ["NewName"] = "food" }, action: "/expenses/categories?handler=add");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("You already have a category with this name.", (await PageOf(response)).FieldError("NewName"));
    }

    [Fact]
    public async Task Csv_export_streams_the_filtered_expenses_and_import_reports_each_row()
    {
        using var browser = await stack.SignedUpAsync();
        await AddAsync(browser, "4.20", "Bus ticket", ApiStub.Travel);
        using var export = await browser.Http.GetAsync("/expenses?handler=export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bus ticket", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var form = await browser.GetAsync("/expenses/import");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken" },
            { new StringContent("true"), "SkipInvalid" },
            { new ByteArrayContent("spent_on,amount,description\n2026-01-05,3.10,Imported snack\nnot-a-date,x,Broken\n"u8.ToArray()), "Upload", "mine.csv" },
        };
        using var response = await browser.Http.PostAsync("/expenses/import", upload);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("1 imported, 0 duplicates skipped, 1 invalid.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_expenses_service_is_down_the_page_says_so()
    {
        using var browser = await stack.SignedUpAsync();
        using var down = stack.BackendDown("/api/expenses");
        var page = await browser.GetAsync("/expenses");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
        Assert.Contains("not available right now", page.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"notice notice-down\"", page.Html, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Fields(string amount, string description, Guid category) => new()
    {
        ["Form.Amount"] = amount,
        ["Form.Currency"] = "",
        ["Form.SpentOn"] = Today,
        ["Form.CategoryId"] = category.ToString(),
        ["Form.Description"] = description,
        ["Form.Merchant"] = "",
        ["Form.Tags"] = "",
        ["Form.Notes"] = "",
    };

    private static async Task<PageClient.Page> AddAsync(PageClient browser, string amount, string description, Guid category)
    {
        var page = await browser.SubmitAndFollowAsync("/expenses", Fields(amount, description, category));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    private static async Task<PageClient.Page> PageOf(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
}
