using System.Net;
using System.Text.RegularExpressions;

using Outlay.Web.Tests.Infrastructure;

namespace Outlay.Web.Tests.Claims;

/// <summary>Claims through the pages: submit, decide in the approver queue, see the outcome (claims API stub, real Identity).</summary>
public sealed class ClaimPageTests(SqliteWebStack stack) : IClassFixture<SqliteWebStack>
{
    [Fact]
    public async Task A_submitted_claim_is_approved_by_an_approver_and_the_submitter_sees_it()
    {
        using var submitter = await stack.SignedUpAsync(first: "Sam", last: "Submitter");
        var submitted = await submitter.SubmitAndFollowAsync("/claims", ClaimFields("Conference ticket <b>2026</b>", "450.00"));
        Assert.Contains("submitted; an approver will decide it", submitted.Html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge badge-pending\">pending</span>", submitted.Html, StringComparison.Ordinal);
        Assert.Contains("Conference ticket &lt;b&gt;2026&lt;/b&gt;", submitted.Html, StringComparison.Ordinal);

        using var approver = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var queue = await approver.GetAsync("/claims/queue");
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        var id = Regex.Match(queue.Html, "id=\"claim-([0-9a-f-]{36})\">Conference ticket &lt;b&gt;2026").Groups[1].Value;
        Assert.NotEmpty(id);

        // A rejection without a reason is refused, and the error sits at that claim's comment field.
        using (var rejected = await approver.PostAsync("/claims/queue?handler=reject", new Dictionary<string, string> { ["id"] = id, ["etag"] = "\"1\"", ["comment"] = "" }, queue.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            var page = new PageClient.Page(rejected.StatusCode, await rejected.Content.ReadAsStringAsync(), null, rejected);
            Assert.Equal("This field is required.", page.FieldError($"Comment-{id}"));
        }

        using (var approved = await approver.PostAsync("/claims/queue?handler=approve", new Dictionary<string, string> { ["id"] = id, ["etag"] = "\"1\"", ["comment"] = "Enjoy" }, queue.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        var mine = await submitter.GetAsync("/claims");
        Assert.Contains("<span class=\"badge badge-approved\">approved</span>", mine.Html, StringComparison.Ordinal);
        Assert.Contains("“Enjoy”", mine.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_validation_errors_show_next_to_their_fields()
    {
        using var browser = await stack.SignedUpAsync();
        using var response = await browser.SubmitAsync("/claims", ClaimFields("", "lots"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new PageClient.Page(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
        Assert.Equal("This field is required.", page.FieldError("Form_Description"));
        Assert.NotNull(page.FieldError("Form_EstimatedCost"));
    }

    [Fact]
    public async Task The_approver_queue_is_closed_to_plain_users()
    {
        using var browser = await stack.SignedUpAsync();
        var page = await browser.GetAsync("/claims/queue");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Contains("/account/denied", page.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("/claims/queue\">Approvals", (await browser.GetAsync("/claims")).Html, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ClaimFields(string description, string cost) => new()
    {
        ["Form.Category"] = "training",
        ["Form.Description"] = description,
        ["Form.EstimatedCost"] = cost,
        ["Form.Currency"] = "EUR",
        ["Form.Link"] = "",
    };
}
