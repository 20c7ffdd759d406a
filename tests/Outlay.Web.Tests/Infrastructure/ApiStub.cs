using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// A small Kestrel server on loopback that answers the Expenses, Catalog, Ordering, dead-letter and gateway-admin APIs with the
/// paths and shapes of the real services (kept in step with their endpoint files), so page tests run fast and can
/// stage any answer. It keeps state in memory, checks the bearer token is present, and answers problems as the
/// services do. The browser tests (Outlay.Web.BrowserTests) cover the pages against the real services.
/// </summary>
public sealed partial class ApiStub : IAsyncDisposable
{
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public HttpMessageHandler Handler { get; } = new SocketsHttpHandler { UseCookies = false };

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    partial void MapExpenses(WebApplication app);

    partial void MapStore(WebApplication app);

    partial void MapGatewayAdmin(WebApplication app);

    partial void MapDeadLetters(WebApplication app);

    private void MapEndpoints(WebApplication app)
    {
        MapExpenses(app);
        MapStore(app);
        MapGatewayAdmin(app);
        MapDeadLetters(app);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        Handler.Dispose();
    }
}
