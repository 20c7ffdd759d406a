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

    [Fact]
    public async Task The_submitter_edits_a_pending_claim_and_keeps_its_date()
    {
        using var submitter = await stack.SignedUpAsync(first: "Eda", last: "Editor");
        var id = await SubmitAsync(submitter, "Laptop bag");
        var form = await submitter.GetAsync($"/claims/{id}/edit");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("450.00", form.InputValue("Form.EstimatedCost"));
        Assert.Equal("\"1\"", form.InputValue("Form.ETag"));
        var submittedOn = form.InputValue("Form.SubmittedOn");
        Assert.Equal(ApiStub.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), submittedOn);

        var fields = ClaimFields("Laptop bag and charger", "800");
        fields["Form.ETag"] = form.InputValue("Form.ETag")!;
        fields["Form.SubmittedOn"] = submittedOn!;
        var saved = await submitter.SubmitAndFollowAsync($"/claims/{id}/edit", fields);
        Assert.Contains("Claim “Laptop bag and charger” saved; it still waits for an approver.", saved.Html, StringComparison.Ordinal);
        Assert.Contains("800.00 EUR", saved.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/claims/{id}/edit\"", saved.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_edit_errors_show_next_to_their_fields()
    {
        using var submitter = await stack.SignedUpAsync();
        var id = await SubmitAsync(submitter, "Monitor arm");
        var fields = ClaimFields("", "lots");
        fields["Form.ETag"] = "\"1\"";
        fields["Form.Link"] = "javascript:alert(1)";
        using var response = await submitter.SubmitAsync($"/claims/{id}/edit", fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new PageClient.Page(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
        Assert.Equal("This field is required.", page.FieldError("Form_Description"));
        Assert.NotNull(page.FieldError("Form_EstimatedCost"));
        Assert.Equal("A link is an absolute http or https URL.", page.FieldError("Form_Link"));
        Assert.Contains("Save claim", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_decided_while_its_edit_form_was_open_is_not_changed()
    {
        using var submitter = await stack.SignedUpAsync(first: "Lou", last: "Late");
        var id = await SubmitAsync(submitter, "Standing mat");
        var form = await submitter.GetAsync($"/claims/{id}/edit");

        using var approver = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var queue = await approver.GetAsync("/claims/queue");
        using (var approved = await approver.PostAsync("/claims/queue?handler=approve", new Dictionary<string, string> { ["id"] = id, ["etag"] = "\"1\"", ["comment"] = "" }, queue.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        // The form was read at version 1; the decision made it 2: the service answers 412 and the page shows the claim as it is now.
        var fields = ClaimFields("Standing mat, bigger", "99");
        fields["Form.ETag"] = "\"1\"";
        using (var stale = await submitter.PostAsync($"/claims/{id}/edit", fields, form.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
            var now = await submitter.GetAsync(stale.Headers.Location!.ToString());
            Assert.Contains("This claim was changed in the meantime", now.Html, StringComparison.Ordinal);
            Assert.Contains("<span class=\"badge badge-approved\">approved</span>", now.Html, StringComparison.Ordinal);
            Assert.Contains("id=\"claim-closed\"", now.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Save claim", now.Html, StringComparison.Ordinal);
        }

        // With the current version the state machine itself refuses: 409, shown on the page.
        fields["Form.ETag"] = "\"2\"";
        using var refused = await submitter.PostAsync($"/claims/{id}/edit", fields, form.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("A approved claim cannot be edited.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Save claim", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Standing mat, bigger", (await submitter.GetAsync("/claims")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approver_marks_an_approved_claim_reimbursed_and_a_stale_second_click_is_refused()
    {
        using var submitter = await stack.SignedUpAsync(first: "Rae", last: "Refund");
        var id = await SubmitAsync(submitter, "Train to Lyon");
        using var approver = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var approved = await approver.SubmitAndFollowAsync("/claims/queue", new() { ["id"] = id, ["etag"] = "\"1\"", ["comment"] = "ok" }, action: "/claims/queue?handler=approve");
        Assert.DoesNotContain($"id=\"claim-{id}\"", approved.Html, StringComparison.Ordinal);

        var toReimburse = await approver.GetAsync("/claims/queue?status=approved");
        Assert.Contains($"id=\"claim-{id}\">Train to Lyon", toReimburse.Html, StringComparison.Ordinal);
        Assert.Contains("Mark reimbursed", toReimburse.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Approve</button>", toReimburse.Html, StringComparison.Ordinal);

        var fields = new Dictionary<string, string> { ["id"] = id, ["etag"] = "\"2\"", ["comment"] = "Paid, ref 42", ["status"] = "approved" };
        using (var reimbursed = await approver.PostAsync("/claims/queue?handler=reimburse", fields, toReimburse.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.Redirect, reimbursed.StatusCode);
            var after = await approver.GetAsync(reimbursed.Headers.Location!.ToString());
            Assert.Contains("“Train to Lyon” by Rae Refund is reimbursed.", after.Html, StringComparison.Ordinal);
            Assert.DoesNotContain($"id=\"claim-{id}\"", after.Html, StringComparison.Ordinal);
        }

        using (var again = await approver.PostAsync("/claims/queue?handler=reimburse", fields, toReimburse.AntiforgeryToken()))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
            Assert.Contains("The claim was changed by someone else.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("<span class=\"badge badge-reimbursed\">reimbursed</span>", (await submitter.GetAsync("/claims")).Html, StringComparison.Ordinal);
    }

    /// <summary>Submits a training claim of 450.00 EUR through the page and returns its id.</summary>
    private static async Task<string> SubmitAsync(PageClient submitter, string description)
    {
        var page = await submitter.SubmitAndFollowAsync("/claims", ClaimFields(description, "450.00"));
        var id = Regex.Match(page.Html, $"href=\"/claims/([0-9a-f-]{{36}})/edit\"").Groups[1].Value;
        Assert.NotEmpty(id);
        return id;
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
