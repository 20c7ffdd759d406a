using System.Net;
using System.Text.RegularExpressions;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// Drives the web app the way a browser without JavaScript does: GET a page, read the form's anti-forgery token,
/// POST the form back with the cookies the server set.
/// </summary>
public sealed partial class PageClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<Page> GetAsync(string url)
    {
        using var response = await http.GetAsync(url);
        return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString(), response);
    }

    /// <summary>GETs <paramref name="pageUrl"/>, then posts <paramref name="fields"/> with that page's anti-forgery token to <paramref name="action"/> (default: the page).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, Dictionary<string, string> fields, string? action = null)
    {
        var page = await GetAsync(pageUrl);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {pageUrl} gave {(int)page.Status}: {page.Html[..Math.Min(page.Html.Length, 2000)]}");
        return await PostAsync(action ?? pageUrl, fields, page.AntiforgeryToken());
    }

    public Task<HttpResponseMessage> PostAsync(string url, Dictionary<string, string> fields, string? antiforgeryToken) =>
        PostAsync(url, [.. fields.Select(f => KeyValuePair.Create(f.Key, f.Value))], antiforgeryToken);

    public async Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? antiforgeryToken)
    {
        var all = fields.ToList();
        if (antiforgeryToken is not null)
        {
            all.Add(KeyValuePair.Create("__RequestVerificationToken", antiforgeryToken));
        }

        return await http.PostAsync(url, new FormUrlEncodedContent(all));
    }

    /// <summary>Submits and follows the redirect (POST-redirect-GET), returning the page the browser ends on.</summary>
    public async Task<Page> SubmitAndFollowAsync(string pageUrl, Dictionary<string, string> fields, string? action = null)
    {
        using var response = await SubmitAsync(pageUrl, fields, action);
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            return await GetAsync(response.Headers.Location!.ToString());
        }

        return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), null, response);
    }

    public void Dispose() => http.Dispose();

    public sealed record Page(HttpStatusCode Status, string Html, string? Location, HttpResponseMessage Response)
    {
        public string AntiforgeryToken() =>
            TokenPattern().Match(Html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("The page has no anti-forgery token.");

        /// <summary>The text of the page's error message next to an input (<c>id="Form_Amount-error"</c>).</summary>
        public string? FieldError(string inputId) =>
            Regex.Match(Html, $"<span id=\"{Regex.Escape(inputId)}-error\" class=\"field-error\">([^<]*)</span>") is { Success: true } match
                ? WebUtility.HtmlDecode(match.Groups[1].Value)
                : null;

        /// <summary>The value of a hidden or text input by name.</summary>
        public string? InputValue(string name) =>
            Regex.Match(Html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"") is { Success: true } match
                ? WebUtility.HtmlDecode(match.Groups[1].Value)
                : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
