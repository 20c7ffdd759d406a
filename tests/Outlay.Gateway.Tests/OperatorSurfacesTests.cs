using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

using Outlay.Gateway.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Gateway.Tests;

/// <summary>
/// The gateway with its shipped routes, access map and API docs list, each cluster replaced by one stand-in server
/// named after its service: requests show which service they reached.
/// </summary>
public sealed class ShippedGateway : IAsyncLifetime
{
    internal Dictionary<string, Backend> Backends { get; } = [];

    internal GatewayHost Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var shipped = JsonNode.Parse(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "appsettings.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })![Configuration.GatewayOptions.Section]!.AsObject();
        var clusters = new JsonObject();
        foreach (var (cluster, _) in shipped["Clusters"]!.AsObject())
        {
            Backends[cluster] = await Backend.StartAsync(cluster);
            clusters[cluster] = GatewayConfig.Cluster(Backends[cluster]);
        }

        var gateway = shipped.DeepClone().AsObject();
        gateway["Clusters"] = clusters;
        gateway.Remove("RateLimits");
        Gateway = await GatewayHost.StartAsync(gateway);
    }

    /// <summary>The stand-in services that received <paramref name="path"/>.</summary>
    internal IEnumerable<string> Reached(string path) => Backends.Where(b => b.Value.Paths.Contains(path)).Select(b => b.Key);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Gateway.DeleteFolder();
        foreach (var backend in Backends.Values)
        {
            await backend.DisposeAsync();
        }
    }
}

/// <summary>Each service's dead letters and OpenAPI document through the gateway, and the one docs page that lists them.</summary>
public sealed class OperatorSurfacesTests(ShippedGateway host) : IClassFixture<ShippedGateway>
{
    public static TheoryData<string> Services => [.. ShippedConfigurationTests.Services];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task An_admin_lists_and_replays_each_services_dead_letters_and_nobody_else_gets_through(string service)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var list = $"/api/admin/messaging/{service}/dead-letters";
        var replay = $"{list}/replay";
        using var admin = host.Gateway.Admin();
        using var user = host.Gateway.WithToken(TestTokens.Shared.ForSomeone("user"));
        using var approver = host.Gateway.WithToken(TestTokens.Shared.ForSomeone("user", "approver"));

        await ProblemAssert.IsProblemAsync(await host.Gateway.Client.GetAsync(list, cancellation), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await host.Gateway.Client.PostAsync(replay, new StringContent("{}"), cancellation), HttpStatusCode.Unauthorized);
        foreach (var refused in new[] { user, approver })
        {
            await ProblemAssert.IsProblemAsync(await refused.GetAsync(list, cancellation), HttpStatusCode.Forbidden);
            await ProblemAssert.IsProblemAsync(await refused.PostAsync(replay, new StringContent("{}"), cancellation), HttpStatusCode.Forbidden);
        }

        Assert.Empty(host.Reached(list));
        Assert.Empty(host.Reached(replay));

        (await admin.GetAsync(list, cancellation)).Dispose();
        (await admin.PostAsync(replay, new StringContent("{}"), cancellation)).Dispose();
        Assert.Equal([service], host.Reached(list));
        Assert.Equal([service], host.Reached(replay));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Anyone_reads_each_services_openapi_document_and_nobody_writes_there(string service)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var document = $"/openapi/{service}/v1.json";

        (await host.Gateway.Client.GetAsync(document, cancellation)).Dispose();
        Assert.Equal([service], host.Reached(document));

        using var admin = host.Gateway.Admin();
        // Not even an admin: the document's route takes GET only, so a write is 405 and never reaches the service.
        using var write = await admin.PostAsync(document, new StringContent("{}"), cancellation);
        await ProblemAssert.IsProblemAsync(write, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET"], write.Content.Headers.Allow);
        Assert.Equal([service], host.Reached(document));
    }

    [Fact]
    public async Task The_docs_page_lists_every_services_document_and_each_loads_through_the_gateway()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var client = host.Gateway.Client;
        using var page = await client.GetAsync("/docs/index.html", cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(host.Reached("/docs/index.html"));

        var listed = await ApiDocsPage.ListedDocumentsAsync(client);
        Assert.Equal(["gateway", .. ShippedConfigurationTests.Services], listed.Select(d => d.Name));
        foreach (var (name, url) in listed.Where(d => d.Name != "gateway"))
        {
            // As the page's script does: the document's address relative to the page.
            var path = new Uri(new Uri(host.Gateway.Url, "/docs/index.html"), url).AbsolutePath;
            (await client.GetAsync(path, cancellation)).Dispose();
            Assert.Equal([name], host.Reached(path));
        }

        var own = new Uri(new Uri(host.Gateway.Url, "/docs/index.html"), listed[0].Url).AbsolutePath;
        using var gatewayDocument = JsonDocument.Parse(await client.GetStringAsync(own, cancellation));
        Assert.Equal("Outlay gateway API", gatewayDocument.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.Contains("/gateway/admin/clusters", gatewayDocument.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name));
        Assert.Empty(host.Reached(own));
    }
}
