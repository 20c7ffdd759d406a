using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;

namespace Outlay.AppHost.Tests;

/// <summary>
/// Runs the real AppHost, with the real Identity service as its child, the way a developer does:
/// it must come up, serve, survive a crashed child, and leave nothing running when it goes away.
/// Linux only: processes are observed through /proc and signalled with kill(2).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 180_000)]
    public async Task Starts_Identity_serves_register_and_login_and_stops_every_child_on_SIGTERM()
    {
        await using var apphost = AppHostRun.Start();
        var identity = Assert.Single(await apphost.WaitUntilReadyAsync(StartTimeout), i => i.Service == "identity");
        Assert.Contains("admin-password.txt", apphost.Output, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = identity.Url };
        var email = $"ada-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        using var register = await http.PostAsJsonAsync("/api/auth/register", new { email, password, firstName = "Ada", lastName = "Lovelace" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.NotEmpty(await LoginAsync(http, email, password));

        // The first admin was created from the password the AppHost generated and keeps, owner-readable only.
        var passwordFile = Path.Combine(apphost.DataFolder, "admin-password.txt");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        Assert.NotEmpty(await LoginAsync(http, "admin@outlay.local", File.ReadAllText(passwordFile).Trim()));
        Assert.DoesNotContain(File.ReadAllText(passwordFile).Trim(), apphost.Output, StringComparison.Ordinal);

        apphost.Signal(ProcessTable.SigTerm);

        Assert.Equal(0, await apphost.WaitForExitAsync(StopTimeout));
        Assert.False(ProcessTable.IsAlive(identity.Pid), "Identity outlived the AppHost.");
        Assert.Empty(ProcessTable.WithEnvironmentContaining(apphost.ChildMarker));
    }

    /// <summary>Runs where <c>OUTLAY_TEST_POSTGRES</c> names a server (as <c>.ci/run</c> sets it), against its <c>outlay_identity</c> database.</summary>
    [Fact(Timeout = 180_000)]
    public async Task Runs_on_PostgreSQL_when_given_a_connection_string()
    {
        var server = Environment.GetEnvironmentVariable("OUTLAY_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(server), "OUTLAY_TEST_POSTGRES is not set.");

        await using var apphost = AppHostRun.Start("--postgres", server);
        var identity = Assert.Single(await apphost.WaitUntilReadyAsync(StartTimeout), i => i.Service == "identity");
        Assert.Contains("PostgreSQL", apphost.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server, apphost.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(apphost.DataFolder, "identity.db")), "Identity used SQLite.");

        using var http = new HttpClient { BaseAddress = identity.Url };
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        using var register = await http.PostAsJsonAsync("/api/auth/register", new { email, password, firstName = "Grace", lastName = "Hopper" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.NotEmpty(await LoginAsync(http, email, password));

        apphost.Signal(ProcessTable.SigTerm);
        Assert.Equal(0, await apphost.WaitForExitAsync(StopTimeout));
        Assert.Empty(ProcessTable.WithEnvironmentContaining(apphost.ChildMarker));
    }

    [Fact(Timeout = 180_000)]
    public async Task Children_stop_by_themselves_when_the_AppHost_is_killed()
    {
        await using var apphost = AppHostRun.Start();
        var identity = Assert.Single(await apphost.WaitUntilReadyAsync(StartTimeout), i => i.Service == "identity");

        apphost.Signal(ProcessTable.SigKill);
        Assert.NotNull(await apphost.WaitForExitAsync(StopTimeout));

        // Their stdin pipe reaches end-of-file when its writer, the AppHost, is gone.
        await Eventually(() => !ProcessTable.IsAlive(identity.Pid) && ProcessTable.WithEnvironmentContaining(apphost.ChildMarker).Count == 0, StopTimeout,
            $"Identity (pid {identity.Pid}) still runs {StopTimeout.TotalSeconds:0} s after its AppHost was killed.");
    }

    [Fact(Timeout = 180_000)]
    public async Task A_crashed_child_is_restarted_and_reported()
    {
        await using var apphost = AppHostRun.Start();
        var identity = Assert.Single(await apphost.WaitUntilReadyAsync(StartTimeout), i => i.Service == "identity");

        ProcessTable.Signal(identity.Pid, ProcessTable.SigKill);

        await apphost.WaitForLineAsync(line => line.Contains("identity#1 exited with code", StringComparison.Ordinal)
            && line.Contains("restarting in", StringComparison.Ordinal), StartTimeout);
        var restarted = await apphost.WaitForLineAsync(line => line.Contains("identity#1 restarted (pid", StringComparison.Ordinal), StartTimeout);
        Assert.DoesNotContain($"(pid {identity.Pid})", restarted, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = identity.Url, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually(async () => await IsReadyAsync(http), StartTimeout, "The restarted Identity never became ready.");

        apphost.Signal(ProcessTable.SigTerm);
        Assert.Equal(0, await apphost.WaitForExitAsync(StopTimeout));
        Assert.Empty(ProcessTable.WithEnvironmentContaining(apphost.ChildMarker));
    }

    private static async Task<string> LoginAsync(HttpClient http, string email, string password)
    {
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString() ?? "";
    }

    private static async Task<bool> IsReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static Task Eventually(Func<bool> condition, TimeSpan timeout, string failure) =>
        Eventually(() => Task.FromResult(condition()), timeout, failure);

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(elapsed.Elapsed < timeout, failure);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
