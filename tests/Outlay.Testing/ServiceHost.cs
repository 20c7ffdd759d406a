using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.ServiceDefaults.Data;

namespace Outlay.Testing;

/// <summary>
/// One running service per test class and provider (an xUnit class fixture), on its own throw-away database: start,
/// anonymous and bearer clients, a scope on the service's DbContext, and clean-up. Without a PostgreSQL server
/// (outside CI) it starts nothing and every test skips through <see cref="Client"/>.
/// </summary>
public abstract class ServiceHost<TProgram, TContext>(DatabaseProvider provider, string name) : IAsyncLifetime
    where TProgram : class
    where TContext : DbContext
{
    private readonly List<IAsyncDisposable> owned = [];
    private TestDatabase? database;
    private ServiceFactory<TProgram>? factory;

    public DatabaseProvider Provider => provider;

    /// <summary>The database name prefix, also used for the throw-away databases tests make beside it.</summary>
    public string Name => name;

    public ServiceFactory<TProgram> Factory => factory ?? throw new InvalidOperationException("Not started.");

    public TestDatabase Database => database!;

    public async ValueTask InitializeAsync()
    {
        if (!TestDatabase.CanCreate(provider))
        {
            return;
        }

        database = await TestDatabase.CreateAsync(provider, name);
        factory = CreateFactory(database);
        _ = factory.Server;
    }

    /// <summary>The service's factory on <paramref name="database"/>; override to pass settings or trusted tokens.</summary>
    protected virtual ServiceFactory<TProgram> CreateFactory(TestDatabase database) => new(database);

    /// <summary>Disposes <paramref name="resource"/> (a broker, a stub) after the service and before the database.</summary>
    protected T Own<T>(T resource) where T : IAsyncDisposable
    {
        owned.Add(resource);
        return resource;
    }

    /// <summary>An anonymous client; skips (locally) when the provider's server is not configured.</summary>
    public HttpClient Client()
    {
        if (factory is null)
        {
            TestDatabase.RequirePostgres();
        }

        return Factory.CreateClient();
    }

    public HttpClient WithToken(string token) => Client().WithBearer(token);

    public async Task<T> WithDbAsync<T>(Func<TContext, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        foreach (var resource in Enumerable.Reverse(owned))
        {
            await resource.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
