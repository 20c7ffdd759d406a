using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Identity.Infrastructure;
using Outlay.Identity.Tokens;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>
/// Two Identity instances on one database, started at the same moment as the AppHost starts them: they migrate
/// once, create one signing key between them, publish the same JWKS, and accept each other's tokens.
/// </summary>
public abstract class ReplicaTests(DatabaseProvider provider)
{
    private const string AdminEmail = "admin@outlay.test";
    private const string AdminPassword = "admin password for replica tests";

    [Fact]
    public async Task Replicas_started_together_share_one_signing_key_and_accept_each_others_tokens()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            TestDatabase.RequirePostgres();
        }

        await using var database = await TestDatabase.CreateAsync(provider, "identityreplicas");
        var settings = new Dictionary<string, string?> { ["Identity:Admin:Email"] = AdminEmail, ["Identity:Admin:Password"] = AdminPassword };
        await using var first = new ServiceFactory<Program>(database, settings);
        await using var second = new ServiceFactory<Program>(database, settings);

        // Both start-ups (migrations, first key, first admin) run at once.
        await Task.WhenAll(Task.Run(() => first.Server), Task.Run(() => second.Server));

        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Equal(1, await db.SigningKeys.CountAsync());
        }

        Assert.Equal(await JwksAsync(first), await JwksAsync(second));
        foreach (var (issuer, validator) in new[] { (first, second), (second, first) })
        {
            var token = await LoginAsync(issuer);
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
            me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await validator.CreateClient().SendAsync(me);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Replicas_rotating_at_the_same_moment_add_one_key()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            TestDatabase.RequirePostgres();
        }

        await using var database = await TestDatabase.CreateAsync(provider, "identityreplicas");
        await using var first = new ServiceFactory<Program>(database);
        await using var second = new ServiceFactory<Program>(database);
        _ = first.Server;
        _ = second.Server;
        var interval = first.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.SigningKeyRotationInterval;
        first.Clock.Advance(interval + TimeSpan.FromMinutes(1));
        second.Clock.Advance(interval + TimeSpan.FromMinutes(1));

        await Task.WhenAll(
            Task.Run(() => first.Services.GetRequiredService<SigningKeyStore>().EnsureCurrentKeyAsync(CancellationToken.None)),
            Task.Run(() => second.Services.GetRequiredService<SigningKeyStore>().EnsureCurrentKeyAsync(CancellationToken.None)));

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        Assert.Equal(2, await db.SigningKeys.CountAsync());
        Assert.Equal(1, await db.SigningKeys.CountAsync(k => k.RetiredAt == null));
    }

    private static async Task<string> JwksAsync(ServiceFactory<Program> identity) =>
        await identity.CreateClient().GetStringAsync("/.well-known/jwks.json");

    private static async Task<string> LoginAsync(ServiceFactory<Program> identity)
    {
        using var response = await identity.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = AdminEmail, password = AdminPassword });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}

public sealed class ReplicasOnSqlite() : ReplicaTests(DatabaseProvider.Sqlite);

public sealed class ReplicasOnPostgres() : ReplicaTests(DatabaseProvider.Postgres);
