using System.Net;
using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.OpenApi;
using Outlay.Testing;

namespace Outlay.ServiceDefaults.Tests.OpenApi;

/// <summary>
/// A service's OpenAPI document sits at a path that names the service, says "this origin" as its server so that
/// "Try it out" goes wherever the document was read from (the gateway or the instance), and its UI lists it.
/// </summary>
public sealed class ApiDocsTests
{
    private static async Task<WebApplication> StartAsync(params string[] alsoListed)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults("probe");
        builder.Services.Configure<ApiDocsOptions>(docs => docs.Services.AddRange(alsoListed));
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/api/probe/open", () => "open").AllowAnonymous();
        app.MapGet("/api/probe/admin", () => "secret").RequireAuthorization(OutlayPolicies.Admin);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    [Fact]
    public async Task The_document_is_served_under_the_service_name_with_this_origin_as_its_server()
    {
        await using var app = await StartAsync();
        var client = app.GetTestClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/probe/v1.json", TestContext.Current.CancellationToken));
        var root = document.RootElement;
        Assert.Equal("Outlay probe API", root.GetProperty("info").GetProperty("title").GetString());
        var server = Assert.Single(root.GetProperty("servers").EnumerateArray());
        Assert.Equal("/", server.GetProperty("url").GetString());

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiDocs.BearerScheme);
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = root.GetProperty("paths");
        var guarded = paths.GetProperty("/api/probe/admin").GetProperty("get").GetProperty("security");
        Assert.True(Assert.Single(guarded.EnumerateArray()).TryGetProperty(ApiDocs.BearerScheme, out _));
        Assert.False(paths.GetProperty("/api/probe/open").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.TryGetProperty("/docs/{asset}", out _));
    }

    [Fact]
    public async Task The_docs_page_is_served_with_its_assets_and_lists_the_services_own_document()
    {
        await using var app = await StartAsync();
        var client = app.GetTestClient();
        var cancellation = TestContext.Current.CancellationToken;

        using var redirect = await client.GetAsync("/docs", cancellation);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("docs/index.html", redirect.Headers.Location?.ToString());
        using var page = await client.GetAsync("/docs/index.html", cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Outlay probe API", await page.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/swagger-ui-bundle.js", cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/docs/no-such-asset.js", cancellation)).StatusCode);

        Assert.Equal([("probe", "../openapi/probe/v1.json")], await ApiDocsPage.ListedDocumentsAsync(client));
    }

    [Fact]
    public async Task A_ui_that_lists_other_services_offers_each_of_their_documents_after_its_own()
    {
        await using var app = await StartAsync("identity", "catalog");

        Assert.Equal(
            [("probe", "../openapi/probe/v1.json"), ("identity", "../openapi/identity/v1.json"), ("catalog", "../openapi/catalog/v1.json")],
            await ApiDocsPage.ListedDocumentsAsync(app.GetTestClient()));
    }
}
