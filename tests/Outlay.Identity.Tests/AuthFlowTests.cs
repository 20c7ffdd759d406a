using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Testing;

namespace Outlay.Identity.Tests;

public abstract class AuthFlowTests<THost>(THost host) : IClassFixture<THost> where THost : IdentityHost
{
    [Fact]
    public async Task Register_then_login_gives_tokens_that_open_the_profile()
    {
        var email = IdentityHost.NewEmail();
        var client = host.Client();
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { email, password = IdentityHost.Password, firstName = "Ada", lastName = "Lovelace" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var body = await registered.Content.ReadAsStringAsync();
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);

        var tokens = await host.LoginAsync(email.ToUpperInvariant());
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.Equal(900, tokens.GetProperty("expiresIn").GetInt32());
        var me = await host.WithToken(tokens.GetProperty("accessToken").GetString()!).GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(["user"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var stored = await host.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Email == email));
        Assert.DoesNotContain(IdentityHost.Password, stored.PasswordHash, StringComparison.Ordinal);
        Assert.True(stored.PasswordHash.Length > 40);
    }

    [Fact]
    public async Task Duplicate_email_is_rejected_case_insensitively_and_creates_nothing()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var again = await host.Client().PostAsJsonAsync("/api/auth/register", new { email = email.ToUpperInvariant(), password = IdentityHost.Password, firstName = "B", lastName = "C" });
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.BadRequest, "email");
        Assert.Equal(1, await host.WithDbAsync(db => db.Accounts.CountAsync(a => a.NormalizedEmail == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task Post_api_users_is_seed_000s_registration_with_the_same_answers()
    {
        var email = IdentityHost.NewEmail();
        var client = host.Client();
        var created = await client.PostAsJsonAsync("/api/users", new { email, password = IdentityHost.Password, firstName = "Ada", lastName = "Lovelace" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = user.GetProperty("id").GetGuid();
        Assert.Equal($"/api/users/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal([email], user.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["user"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(created.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain("password", await created.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var me = await host.WithToken((await host.LoginAsync(email)).GetProperty("accessToken").GetString()!).GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.Equal(id, me.GetProperty("id").GetGuid());

        // One set of accounts: an email taken through either path is taken for both, as register answers it.
        foreach (var path in new[] { "/api/users", "/api/auth/register" })
        {
            var again = await client.PostAsJsonAsync(path, new { email = email.ToUpperInvariant(), password = IdentityHost.Password, firstName = "B", lastName = "C" });
            await ProblemAssert.IsProblemAsync(again, HttpStatusCode.BadRequest, "email");
        }

        var registered = IdentityHost.NewEmail();
        await host.RegisterAsync(registered);
        await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/users", new { email = registered, password = IdentityHost.Password, firstName = "B", lastName = "C" }), HttpStatusCode.BadRequest, "email");
        Assert.Equal(1, await host.WithDbAsync(db => db.Accounts.CountAsync(a => a.NormalizedEmail == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task Post_api_users_validates_like_registration_and_creates_nothing()
    {
        var email = IdentityHost.NewEmail();
        var response = await host.Client().PostAsJsonAsync("/api/users", new { email = "not-an-email", password = "short", firstName = "", lastName = new string('x', 101) });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "email", "password", "firstName", "lastName");

        var sameAsEmail = await host.Client().PostAsJsonAsync("/api/users", new { email, password = email, firstName = "A", lastName = "B" });
        await ProblemAssert.IsProblemAsync(sameAsEmail, HttpStatusCode.BadRequest, "password");
        Assert.Equal(0, await host.WithDbAsync(db => db.Accounts.CountAsync(a => a.NormalizedEmail == email.ToUpperInvariant())));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    public async Task Weak_passwords_are_rejected_with_a_field_error(string password)
    {
        var response = await host.Client().PostAsJsonAsync("/api/auth/register", new { email = IdentityHost.NewEmail(), password, firstName = "A", lastName = "B" });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "password");
    }

    [Fact]
    public async Task Refresh_rotates_and_a_spent_token_is_refused()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var first = (await host.LoginAsync(email)).GetProperty("refreshToken").GetString();
        var client = host.Client();
        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        Assert.NotEqual(first, second);

        var next = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = second });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Reusing_a_refresh_token_revokes_its_whole_family()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var stolen = (await host.LoginAsync(email)).GetProperty("refreshToken").GetString();
        var client = host.Client();
        var legit = await (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = stolen })).Content.ReadFromJsonAsync<JsonElement>();

        var replay = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = stolen });
        await ProblemAssert.IsProblemAsync(replay, HttpStatusCode.Unauthorized);
        var afterTheft = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = legit.GetProperty("refreshToken").GetString() });
        await ProblemAssert.IsProblemAsync(afterTheft, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_let_at_most_one_win()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var token = (await host.LoginAsync(email)).GetProperty("refreshToken").GetString();
        var client = host.Client();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token })));
        Assert.All(results, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
        Assert.True(results.Count(r => r.StatusCode == HttpStatusCode.Unauthorized) >= 3, "A token is used up once.");

        // Whoever won the race may be the thief: the reuse revoked the family, the winner's new token included.
        foreach (var winner in results.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            var next = (await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = next }), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Parallel_wrong_guesses_cannot_outrun_the_lockout()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var client = host.Client();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong password!!" })));
        var account = await host.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Email == email));
        Assert.True(account.LockoutCount >= 1, "Six failures against a threshold of three lock the account even when they arrive at once.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email, password = IdentityHost.Password })).StatusCode);
    }

    [Fact]
    public async Task Token_responses_are_not_cacheable()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var response = await host.Client().PostAsJsonAsync("/api/auth/login", new { email, password = IdentityHost.Password });
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var token = (await host.LoginAsync(email)).GetProperty("refreshToken").GetString();
        var client = host.Client();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = token })).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token }), HttpStatusCode.Unauthorized);
        var stored = await host.WithDbAsync(db => db.RefreshTokens.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(stored, t => t.TokenHash == token);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_for_a_growing_time_without_revealing_it()
    {
        var email = IdentityHost.NewEmail();
        await host.RegisterAsync(email);
        var client = host.Client();
        for (var i = 0; i < 3; i++)
        {
            await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong password!!" }), HttpStatusCode.Unauthorized);
        }

        var locked = await client.PostAsJsonAsync("/api/auth/login", new { email, password = IdentityHost.Password });
        var lockedProblem = await ProblemAssert.IsProblemAsync(locked, HttpStatusCode.Unauthorized);
        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { email = IdentityHost.NewEmail(), password = IdentityHost.Password });
        var unknownProblem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.Unauthorized);
        Assert.Equal(unknownProblem.GetProperty("detail").GetString(), lockedProblem.GetProperty("detail").GetString());

        try
        {
            await AssertLockoutGrows(email, client);
        }
        finally
        {
            host.Factory.Clock.Reset();
        }
    }

    private async Task AssertLockoutGrows(string email, HttpClient client)
    {
        var firstLockedAt = host.Factory.Clock.GetUtcNow().UtcDateTime;
        var firstLock = await host.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Email == email));
        host.Factory.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong password!!" });
        }

        var secondLock = await host.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Email == email));
        var now = host.Factory.Clock.GetUtcNow().UtcDateTime;
        var firstDuration = firstLock.LockedUntil!.Value - firstLockedAt;
        var secondDuration = secondLock.LockedUntil!.Value - now;
        Assert.InRange(firstDuration, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(61));
        Assert.InRange(secondDuration, TimeSpan.FromSeconds(115), TimeSpan.FromSeconds(121));
        host.Factory.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email, password = IdentityHost.Password })).StatusCode);
    }
}

public sealed class AuthFlowOnSqlite(SqliteIdentity host) : AuthFlowTests<SqliteIdentity>(host);

public sealed class AuthFlowOnPostgres(PostgresIdentity host) : AuthFlowTests<PostgresIdentity>(host);
