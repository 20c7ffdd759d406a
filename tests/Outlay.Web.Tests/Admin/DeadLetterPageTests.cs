using System.Net;
using System.Text.RegularExpressions;

using Outlay.Web.Tests.Infrastructure;

namespace Outlay.Web.Tests.Admin;

/// <summary>
/// The dead-letter page: Identity's dead letters come from the real Identity service, the other services' from the API
/// stub, which answers with the real endpoint's records.
/// </summary>
public sealed class DeadLetterPageTests(SqliteWebStack stack) : IClassFixture<SqliteWebStack>
{
    private const string Page = "/admin/dead-letters";

    [Fact]
    public async Task An_admin_sees_every_services_dead_letters_with_type_reason_attempts_and_an_encoded_body()
    {
        var hostile = stack.Stub.AddDeadLetter("catalog", "ordering.order-placed.v1", "Handler failed: <b>stock</b> row locked",
            "{\"orderId\":\"<script>alert('x')</script>\"}", attempts: 5);
        var longBody = "{\"lines\":[" + string.Join(',', Enumerable.Repeat("{\"productId\":\"00000000-0000-0000-0000-000000000001\",\"quantity\":1}", 10)) + "]}";
        var truncated = stack.Stub.AddDeadLetter("ordering", "catalog.stock-reserved.v1", "Malformed body", longBody, attempts: 1);

        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var index = await admin.GetAsync("/admin");
        Assert.Contains("href=\"/admin/dead-letters\"", index.Html, StringComparison.Ordinal);
        var page = await admin.GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var catalog = Section(page.Html, "catalog");
        Assert.Contains("ordering.order-placed.v1", catalog, StringComparison.Ordinal);
        Assert.Contains(hostile.ToString(), catalog, StringComparison.Ordinal);
        Assert.Contains("Handler failed: &lt;b&gt;stock&lt;/b&gt; row locked", catalog, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", catalog, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>stock</b>", page.Html, StringComparison.Ordinal);
        Assert.Matches(">5</td>", catalog);

        var ordering = Section(page.Html, "ordering");
        Assert.Contains(truncated.ToString(), ordering, StringComparison.Ordinal);
        Assert.Contains("<details>", ordering, StringComparison.Ordinal);
        Assert.Contains("…</code></summary>", ordering, StringComparison.Ordinal);

        // Identity is real and has no consumer, so nothing is ever dead-lettered there.
        Assert.Contains("No dead letters.", Section(page.Html, "identity"), StringComparison.Ordinal);
        Assert.DoesNotContain("not answering", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_replays_one_dead_letter_then_all_of_a_services()
    {
        var first = stack.Stub.AddDeadLetter("expenses", "identity.user-registered.v1", "Handler failed", "{\"n\":1}");
        var second = stack.Stub.AddDeadLetter("expenses", "identity.user-registered.v1", "Handler failed", "{\"n\":2}");
        var third = stack.Stub.AddDeadLetter("expenses", "identity.user-registered.v1", "Handler failed", "{\"n\":3}");
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);

        var page = await admin.GetAsync(Page);
        Assert.Contains($"name=\"messageId\" value=\"{first}\"", Section(page.Html, "expenses"), StringComparison.Ordinal);
        using (var forged = await admin.PostAsync($"{Page}?handler=replay", new() { ["service"] = "expenses", ["messageId"] = first.ToString() }, antiforgeryToken: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Contains(first, stack.Stub.DeadLetterIds("expenses"));

        var replayed = await admin.SubmitAndFollowAsync(Page, new() { ["service"] = "expenses", ["messageId"] = first.ToString() }, action: $"{Page}?handler=replay");
        Assert.Contains("expenses: the event was sent back to its queue.", replayed.Html, StringComparison.Ordinal);
        Assert.Equal([second, third], stack.Stub.DeadLetterIds("expenses"));
        Assert.DoesNotContain(first.ToString(), replayed.Html, StringComparison.Ordinal);

        var again = await admin.SubmitAndFollowAsync(Page, new() { ["service"] = "expenses", ["messageId"] = first.ToString() }, action: $"{Page}?handler=replay");
        Assert.Contains("expenses: that event is no longer dead-lettered; nothing was replayed.", again.Html, StringComparison.Ordinal);

        var all = await admin.SubmitAndFollowAsync(Page, new() { ["service"] = "expenses" }, action: $"{Page}?handler=replayall");
        Assert.Contains("expenses: 2 events sent back to the queue.", all.Html, StringComparison.Ordinal);
        Assert.Empty(stack.Stub.DeadLetterIds("expenses"));
        Assert.Contains("No dead letters.", Section(all.Html, "expenses"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_known_services_can_be_replayed()
    {
        stack.Stub.AddDeadLetter("ordering", "catalog.stock-reserved.v1", "Handler failed", "{}");
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        using var response = await admin.SubmitAsync(Page, new() { ["service"] = "gateway" }, action: $"{Page}?handler=replayall");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_page_and_its_replays_are_closed_to_users_and_approvers()
    {
        var letter = stack.Stub.AddDeadLetter("catalog", "ordering.order-cancelled.v1", "Handler failed", "{}");
        using var user = await stack.SignedUpAsync();

        var page = await user.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Contains("/account/denied", page.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync(page.Location!)).Status);

        // A form posted from elsewhere (with the user's own valid antiforgery token) is refused before anything is sent.
        var token = (await user.GetAsync("/account/profile")).AntiforgeryToken();
        using var replay = await user.PostAsync($"{Page}?handler=replayall", new() { ["service"] = "catalog" }, token);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/account/denied", replay.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Contains(letter, stack.Stub.DeadLetterIds("catalog"));
    }

    [Fact]
    public async Task A_service_that_is_down_gets_a_notice_while_the_others_are_listed()
    {
        var listed = stack.Stub.AddDeadLetter("ordering", "catalog.stock-rejected.v1", "Handler failed", "{}");
        var waiting = stack.Stub.AddDeadLetter("catalog", "ordering.order-placed.v1", "Handler failed", "{}");
        using var admin = await stack.SignedInAsync(WebStack.AdminEmail, WebStack.AdminPassword);
        var before = await admin.GetAsync(Page);

        using (stack.BackendDown("/api/admin/messaging/catalog"))
        {
            var page = await admin.GetAsync(Page);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("The catalog service is not answering right now, so its dead letters cannot be listed.", Section(page.Html, "catalog"), StringComparison.Ordinal);
            Assert.DoesNotContain(waiting.ToString(), page.Html, StringComparison.Ordinal);
            Assert.Contains(listed.ToString(), Section(page.Html, "ordering"), StringComparison.Ordinal);

            using var replay = await admin.PostAsync($"{Page}?handler=replayall", new() { ["service"] = "catalog" }, before.AntiforgeryToken());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, replay.StatusCode);
            Assert.Contains("This part of Outlay is not available right now.", await replay.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Contains(waiting, stack.Stub.DeadLetterIds("catalog"));
        }

        using (stack.BackendDown("/api/admin/messaging"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync(Page)).Status);
        }

        Assert.Contains(waiting.ToString(), Section((await admin.GetAsync(Page)).Html, "catalog"), StringComparison.Ordinal);
    }

    /// <summary>The HTML of one service's section of the page.</summary>
    private static string Section(string html, string service)
    {
        var match = Regex.Match(html, $"<section [^>]*id=\"dead-letters-{service}\">(.*?)</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"The page has no section for {service}.");
        return match.Groups[1].Value;
    }
}
