using System.Net.Http.Json;
using System.Text.Json;

using Outlay.Identity.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>One running Identity per test class and provider, on its own throw-away database.</summary>
public abstract class IdentityHost(DatabaseProvider provider) : ServiceHost<Program, IdentityDbContext>(provider, "identity")
{
    public const string AdminEmail = "admin@outlay.test";
    public const string AdminPassword = "admin password for tests";
    public const string Password = "a long enough password";

    protected override ServiceFactory<Program> CreateFactory(TestDatabase database) => new(database, new Dictionary<string, string?>
    {
        ["Identity:Admin:Email"] = AdminEmail,
        ["Identity:Admin:Password"] = AdminPassword,
        ["Identity:LockoutThreshold"] = "3",
        ["Outlay:Http:MaxRequestBodyBytes"] = "65536",
    });

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

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";
}

public sealed class SqliteIdentity() : IdentityHost(DatabaseProvider.Sqlite);

public sealed class PostgresIdentity() : IdentityHost(DatabaseProvider.Postgres);
