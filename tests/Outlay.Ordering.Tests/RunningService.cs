using System.Net.Http.Headers;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Contracts;
using Outlay.Messaging.Transport;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Ordering.Tests;

/// <summary>
/// One real service (Catalog or Ordering, picked by a type of its assembly) in-process on its own throw-away database,
/// connected to a test broker, trusting the test token key.
/// </summary>
public sealed class RunningService<TContext> : IAsyncDisposable where TContext : DbContext
{
    private readonly TestDatabase database;
    private readonly Factory factory;

    private RunningService(TestDatabase database, Factory factory)
    {
        this.database = database;
        this.factory = factory;
    }

    public TestDatabase Database => database;

    public IServiceProvider Services => factory.Services;

    public IMessageTransport Transport => Services.GetRequiredService<IMessageTransport>();

    /// <param name="testServices">Replaces or adds services after the service's own, e.g. an interceptor that fails a commit.</param>
    public static async Task<RunningService<TContext>> StartAsync(DatabaseProvider provider, TestBroker broker, string name,
        Dictionary<string, string?>? extra = null, Action<IServiceCollection>? testServices = null)
    {
        var database = await TestDatabase.CreateAsync(provider, name);
        var settings = broker.Settings(name);
        settings["Outlay:Messaging:Consumer:FirstRetryDelay"] = "00:00:00.1";
        settings["Outlay:Messaging:Outbox:SweepInterval"] = "00:00:00.2";
        settings["Outlay:Http:MaxRequestBodyBytes"] = "65536";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var service = new RunningService<TContext>(database, new Factory(database, settings, testServices));
        var ready = await Eventually.ReadAsync(() => service.Client().GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        Assert.True(ready.IsSuccessStatusCode, $"{name} did not become ready: {await ready.Content.ReadAsStringAsync()}");
        return service;
    }

    public HttpClient Client() => factory.CreateClient();

    public HttpClient As(Guid userId, params string[] roles)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Shared.Issue(userId, $"user-{userId:N}@example.com", roles));
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<TContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    /// <summary>Publishes an event on this service's broker as <paramref name="source"/> would.</summary>
    public Task<Guid> PublishAsync<TEvent>(TEvent integrationEvent, string source, Guid? messageId = null) where TEvent : IIntegrationEvent =>
        TestBroker.PublishAsync(Transport, integrationEvent, source, messageId);

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await database.DisposeAsync();
    }

    private sealed class Factory(TestDatabase database, Dictionary<string, string?> settings, Action<IServiceCollection>? testServices)
        : ServiceFactory<TContext>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                TestTokens.Shared.TrustIn(services);
                testServices?.Invoke(services);
            });
        }
    }
}
