using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>One running Expenses service per test class and provider, on its own throw-away database.</summary>
public abstract class ExpensesHost(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? database;
    private ExpensesFactory? factory;

    public DatabaseProvider Provider => provider;

    public ServiceFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not started.");

    public TestDatabase Database => database!;

    public TestTokens Tokens { get; } = new();

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) && !TestDatabase.IsCi)
        {
            return; // Each test skips through Client().
        }

        database = await TestDatabase.CreateAsync(provider, "expenses");
        factory = new ExpensesFactory(database, Tokens, new Dictionary<string, string?>
        {
            ["Outlay:Http:MaxRequestBodyBytes"] = "262144",
            ["Expenses:GaugeRefreshInterval"] = "00:00:00.200",
        });
        _ = factory.Server;
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

    public HttpClient As(TestUser user)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    public TestUser NewUser(params string[] extraRoles)
    {
        var id = Guid.NewGuid();
        var email = $"user-{id:N}@example.com";
        return new TestUser(id, email, Tokens.Issue(id, email, extraRoles));
    }

    public async Task<T> WithDbAsync<T>(Func<ExpensesDbContext, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ExpensesDbContext>());
    }

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

    private sealed class ExpensesFactory(TestDatabase database, TestTokens tokens, IReadOnlyDictionary<string, string?> settings)
        : ServiceFactory<Program>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(tokens.TrustIn);
        }
    }
}

public sealed record TestUser(Guid Id, string Email, string Token);

public sealed class SqliteExpenses() : ExpensesHost(DatabaseProvider.Sqlite);

public sealed class PostgresExpenses() : ExpensesHost(DatabaseProvider.Postgres);

/// <summary>Small HTTP helpers for the tests.</summary>
public static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static StringContent RawJson(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
