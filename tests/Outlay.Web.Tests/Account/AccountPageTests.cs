using System.Net;

using Outlay.Web.Tests.Infrastructure;

namespace Outlay.Web.Tests.Account;

/// <summary>Sign up, sign in, sign out and the profile, against the real Identity service.</summary>
public abstract class AccountPageTests<TStack>(TStack stack) : IClassFixture<TStack> where TStack : WebStack
{
    [Fact]
    public async Task Sign_up_page_is_an_accessible_form_with_an_antiforgery_token()
    {
        using var browser = stack.Browser();
        var page = await browser.GetAsync("/account/signup");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<a class=\"skip-link\" href=\"#main\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"Form_Email\">Email</label>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", page.Html, StringComparison.Ordinal);
        Assert.NotEmpty(page.AntiforgeryToken());
        Assert.Contains("script-src 'self'", page.Response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_validation_errors_show_next_to_their_fields_and_are_announced()
    {
        using var browser = stack.Browser();
        using var response = await browser.SubmitAsync("/account/signup", new()
        {
            ["Form.FirstName"] = "",
            ["Form.LastName"] = "Lovelace",
            ["Form.Email"] = "not-an-email",
            ["Form.Password"] = "short",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new PageClient.Page(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
        Assert.Equal("This is not a valid email address.", page.FieldError("Form_Email"));
        Assert.Equal("This field is required.", page.FieldError("Form_FirstName"));
        Assert.NotNull(page.FieldError("Form_Password"));
        Assert.Null(page.FieldError("Form_LastName"));
        Assert.Contains("aria-invalid=\"true\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"password-hint Form_Password-error\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", page.Html, StringComparison.Ordinal);
        Assert.Null(page.InputValue("Form.Password"));
    }

    [Fact]
    public async Task Signing_up_signs_in_with_an_encrypted_http_only_session_cookie()
    {
        var browser = stack.Browser();
        using var response = await browser.SubmitAsync("/account/signup", new()
        {
            ["Form.FirstName"] = "Grace",
            ["Form.LastName"] = "Hopper",
            ["Form.Email"] = WebStack.NewEmail(),
            ["Form.Password"] = WebStack.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebServices.SessionCookie, StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        // A JWT starts with "eyJ" (base64 of '{"'); the cookie must not carry one readably.
        Assert.DoesNotContain("eyJ", cookie, StringComparison.Ordinal);

        var profile = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Equal("Grace", profile.InputValue("Form.FirstName"));
        Assert.Contains("Grace Hopper", profile.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_says_so_without_signing_in()
    {
        var email = WebStack.NewEmail();
        (await stack.SignedUpAsync(email)).Dispose();
        using var browser = stack.Browser();
        using var response = await browser.SubmitAsync("/account/signin", new() { ["Form.Email"] = email, ["Form.Password"] = "not the password at all" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign-in failed.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/profile")).Status);
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_is_refused()
    {
        var email = WebStack.NewEmail();
        (await stack.SignedUpAsync(email)).Dispose();
        using var browser = stack.Browser();
        await browser.GetAsync("/account/signin");
        using var response = await browser.PostAsync("/account/signin", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = WebStack.Password }, antiforgeryToken: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/profile")).Status);
    }

    [Fact]
    public async Task Pages_that_need_a_session_send_visitors_to_sign_in_and_back()
    {
        using var browser = stack.Browser();
        var page = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("http://localhost/account/signin?returnUrl=%2Faccount%2Fprofile", page.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_never_redirects_off_site()
    {
        var email = WebStack.NewEmail();
        (await stack.SignedUpAsync(email)).Dispose();
        using var browser = stack.Browser();
        using var response = await browser.SubmitAsync("/account/signin?returnUrl=https%3A%2F%2Fevil.example%2F", new() { ["Form.Email"] = email, ["Form.Password"] = WebStack.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/expenses", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Profile_changes_are_saved_and_markup_in_them_is_shown_as_text()
    {
        using var browser = await stack.SignedUpAsync();
        var form = await browser.GetAsync("/account/profile");
        var fields = FormFields.Profile(form.InputValue("Form.Emails[0]")!, first: "<script>alert(1)</script>", phone: "0123456789");
        fields["Form.ETag"] = form.InputValue("Form.ETag")!;
        var page = await browser.SubmitAndFollowAsync("/account/profile", fields);
        Assert.True(page.Status == HttpStatusCode.OK, page.Html);
        Assert.Contains("Your profile is saved.", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", page.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Html, StringComparison.Ordinal);
        Assert.Equal("Main Street 1", page.InputValue("Form.Address.Street"));
        Assert.Equal("0123456789", page.InputValue("Form.PhoneNumber"));
    }

    [Fact]
    public async Task Profile_errors_from_identity_land_on_the_address_and_phone_fields()
    {
        using var browser = await stack.SignedUpAsync();
        var form = await browser.GetAsync("/account/profile");
        var fields = FormFields.Profile(form.InputValue("Form.Emails[0]")!, first: "Ada", phone: "12-34");
        fields["Form.ETag"] = form.InputValue("Form.ETag")!;
        fields["Form.Address.City"] = "";
        using var response = await browser.SubmitAsync("/account/profile", fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new PageClient.Page(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
        Assert.Equal("A phone number has 10 to 15 digits and nothing else.", page.FieldError("Form_PhoneNumber"));
        Assert.Equal("This field is required.", page.FieldError("Form_Address_City"));
    }

    [Fact]
    public async Task A_stale_profile_form_does_not_overwrite_a_newer_change()
    {
        using var browser = await stack.SignedUpAsync();
        var stale = await browser.GetAsync("/account/profile");
        var email = stale.InputValue("Form.Emails[0]")!;
        var newer = FormFields.Profile(email, first: "Newer", phone: "");
        newer["Form.ETag"] = stale.InputValue("Form.ETag")!;
        (await browser.SubmitAsync("/account/profile", newer)).Dispose();

        var fields = FormFields.Profile(email, first: "Older", phone: "");
        fields["Form.ETag"] = stale.InputValue("Form.ETag")!;
        using var response = await browser.PostAsync("/account/profile", fields, stale.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reloaded = await browser.GetAsync("/account/profile");
        Assert.Equal("Newer", reloaded.InputValue("Form.FirstName"));
        Assert.Contains("changed elsewhere", reloaded.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_refreshes_its_access_token_when_it_runs_out()
    {
        using var browser = await stack.SignedUpAsync();
        stack.WebClock.Advance(TimeSpan.FromMinutes(16));
        try
        {
            using var response = await browser.Http.GetAsync("/account/profile");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(WebServices.SessionCookie, StringComparison.Ordinal));
            // The renewed cookie carries the new pair: the next request works without another refresh.
            using var again = await browser.Http.GetAsync("/account/profile");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            stack.WebClock.Reset();
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var browser = await stack.SignedUpAsync();
        var page = await browser.SubmitAndFollowAsync("/account/profile", [], action: "/account/signout");
        Assert.Contains("You are signed out.", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/profile")).Status);
    }

    [Fact]
    public async Task A_backend_that_is_down_gives_a_friendly_page_not_a_crash()
    {
        using var browser = await stack.SignedUpAsync();
        using var down = stack.BackendDown("/api/users");
        var page = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
        Assert.Contains("not available right now", page.Html, StringComparison.Ordinal);
        Assert.Contains("<nav class=\"site-nav\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_pages_show_the_not_found_page()
    {
        using var browser = stack.Browser();
        var page = await browser.GetAsync("/account/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page not found", page.Html, StringComparison.Ordinal);
    }
}

public sealed class SqliteAccountPageTests(SqliteWebStack stack) : AccountPageTests<SqliteWebStack>(stack);

public sealed class PostgresAccountPageTests(PostgresWebStack stack) : AccountPageTests<PostgresWebStack>(stack);
