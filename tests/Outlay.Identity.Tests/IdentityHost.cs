using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;

using Outlay.Identity.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>One running Identity per test class and provider, on its own throw-away database.</summary>
public abstract class IdentityHost(DatabaseProvider provider) : IAsyncLifetime
{
    public const string AdminEmail = "admin@outlay.test";
    public const string AdminPassword = "admin password for tests";
    public const string Password = "a long enough password";

    private TestDatabase? database;
    private ServiceFactory<Program>? factory;

    public DatabaseProvider Provider => provider;

    public ServiceFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not started.");

    public TestDatabase Database => database!;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) && !TestDatabase.IsCi)
        {
            return; // Each test skips through Start().
        }

        database = await TestDatabase.CreateAsync(provider, "identity");
        factory = new ServiceFactory<Program>(database, new Dictionary<string, string?>
        {
            ["Identity:Admin:Email"] = AdminEmail,
            ["Identity:Admin:Password"] = AdminPassword,
            ["Identity:LockoutThreshold"] = "3",
            ["Outlay:Http:MaxRequestBodyBytes"] = "65536",
        });
        _ = factory.Server;
    }

    /// <summary>Skips (locally) when the provider's server is not configured.</summary>
    public HttpClient Client()
    {
        if (factory is null)
        {
            TestDatabase.RequirePostgres();
        }

        return Factory.CreateClient();
    }

    public async Task<T> WithDbAsync<T>(Func<IdentityDbContext, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
    }

    public async Task<Guid> RegisterAsync(string email, string password = Password)
    {
        var response = await Client().PostAsJsonAsync("/api/auth/register", new { email, password, firstName = "Test", lastName = "Person" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> LoginAsync(string email, string password = Password)
    {
        var response = await Client().PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<HttpClient> SignedInAsync(string email, string password = Password)
    {
        var tokens = await LoginAsync(email, password);
        return WithToken(tokens.GetProperty("accessToken").GetString()!);
    }

    public HttpClient WithToken(string token)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteIdentity() : IdentityHost(DatabaseProvider.Sqlite);

public sealed class PostgresIdentity() : IdentityHost(DatabaseProvider.Postgres);
