using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Web.Api;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// The web app in-process, calling the real Identity service (in-process, on a throw-away database of the given
/// provider) and the API stub for services not merged into this branch yet, through a <see cref="TestGateway"/>.
/// </summary>
public abstract class WebStack(DatabaseProvider provider) : IAsyncLifetime
{
    public const string AdminEmail = "admin@outlay.test";
    public const string AdminPassword = "admin password for web tests";
    public const string Password = "a long enough password";

    private TestDatabase? database;
    private ServiceFactory<Program>? identity;
    private WebApplicationFactory<WebApp>? web;

    public DatabaseProvider Provider => provider;

    public ApiStub Stub { get; } = new();

    public ManualClock WebClock { get; } = new();

    /// <summary>Backends turned "off": calls to these prefixes fail as if nothing listened there.</summary>
    private HashSet<string> DownPrefixes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Turns the backend under <paramref name="prefix"/> off until the result is disposed.</summary>
    public IDisposable BackendDown(string prefix)
    {
        DownPrefixes.Add(prefix);
        return new BackOn(() => DownPrefixes.Remove(prefix));
    }

    public WebApplicationFactory<WebApp> Web => web ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        if (!TestDatabase.CanCreate(provider))
        {
            return; // Each test skips through Browser().
        }

        database = await TestDatabase.CreateAsync(provider, "webidentity");
        identity = new ServiceFactory<Program>(database, new Dictionary<string, string?>
        {
            ["Identity:Admin:Email"] = AdminEmail,
            ["Identity:Admin:Password"] = AdminPassword,
        });
        _ = identity.Server;
        await Stub.StartAsync();

        var gateway = new TestGateway()
            .Route("/api/auth", identity.Server.CreateHandler())
            .Route("/api/users", identity.Server.CreateHandler())
            .Route("/api/admin/messaging/identity", identity.Server.CreateHandler())
            .Route("/", Stub.Handler, Stub.BaseAddress);
        web = new WebApplicationFactory<WebApp>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Outlay:Web:GatewayUrl", "http://gateway.test/");
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(WebClock);
                // A new outer handler per rotation; the gateway under it ignores being disposed by the client factory.
                services.AddHttpClient<GatewayClient>().ConfigurePrimaryHttpMessageHandler(() => new FailingPrefixes(DownPrefixes) { InnerHandler = gateway });
            });
        });
        _ = web.Server;
    }

    /// <summary>A fresh browser-like client (own cookies, no automatic redirects); skips when the provider is not configured.</summary>
    public PageClient Browser()
    {
        if (web is null)
        {
            TestDatabase.RequirePostgres();
        }

        return new PageClient(Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
    }

    public static string NewEmail() => $"web-{Guid.NewGuid():N}@example.com";

    /// <summary>Signs up through the pages and returns the signed-in browser.</summary>
    public async Task<PageClient> SignedUpAsync(string? email = null, string first = "Ada", string last = "Lovelace")
    {
        var browser = Browser();
        var response = await browser.SubmitAsync("/account/signup", new()
        {
            ["Form.FirstName"] = first,
            ["Form.LastName"] = last,
            ["Form.Email"] = email ?? NewEmail(),
            ["Form.Password"] = Password,
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public async Task<PageClient> SignedInAsync(string email, string password)
    {
        var browser = Browser();
        var response = await browser.SubmitAsync("/account/signin", new() { ["Form.Email"] = email, ["Form.Password"] = password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public async ValueTask DisposeAsync()
    {
        if (web is not null)
        {
            await web.DisposeAsync();
        }

        if (identity is not null)
        {
            await identity.DisposeAsync();
        }

        await Stub.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private sealed class BackOn(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>Fails calls to switched-off prefixes the way a dead backend does: a connection error.</summary>
    private sealed class FailingPrefixes(HashSet<string> down) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            down.Any(prefix => request.RequestUri!.AbsolutePath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                ? throw new HttpRequestException("Connection refused (test: backend switched off).")
                : base.SendAsync(request, cancellationToken);
    }
}

public sealed class SqliteWebStack() : WebStack(DatabaseProvider.Sqlite);

public sealed class PostgresWebStack() : WebStack(DatabaseProvider.Postgres);
