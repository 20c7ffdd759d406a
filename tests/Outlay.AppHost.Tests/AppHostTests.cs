using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;

namespace Outlay.AppHost.Tests;

/// <summary>
/// Runs the real AppHost, with every service as its child, the way a developer does:
/// it must come up, serve, survive a crashed child, and leave nothing running when it goes away.
/// Linux only: processes are observed through /proc and signalled with kill(2).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(200);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One instance of each service plus a v2 canary of Catalog (seed 003's strangler): the split an admin sets at
    /// the gateway sends the catalog's traffic to v2 only, then back to v1 only.
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task Starts_every_service_and_a_canary_serves_through_the_gateway_and_stops_every_child_on_SIGTERM()
    {
        await using var apphost = AppHostRun.Start("--replicas", "1", "--canary", "catalog");
        var instances = await apphost.WaitUntilReadyAsync(StartTimeout);
        Assert.Contains("admin-password.txt", apphost.Output, StringComparison.Ordinal);
        var stable = Assert.Single(instances, i => i.Service == "catalog" && i.Version == "v1");
        var canary = Assert.Single(instances, i => i.Service == "catalog" && i.Version == "v2");

        using var http = new HttpClient { BaseAddress = Gateway(instances).Url };
        Assert.NotEmpty(await StackApi.SignUpAsync(http, $"ada-{Guid.NewGuid():N}@example.com"));

        // The first admin was created from the password the AppHost generated and keeps, owner-readable only.
        var passwordFile = Path.Combine(apphost.DataFolder, "admin-password.txt");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        var admin = await StackApi.AdminTokenAsync(http, apphost.DataFolder);
        Assert.DoesNotContain(File.ReadAllText(passwordFile).Trim(), apphost.Output, StringComparison.Ordinal);

        await StackApi.WaitUntilRegisteredAsync(http, admin, instances, StartTimeout);
        foreach (var (weights, served, idle) in new[] { (new { v1 = 0, v2 = 100 }, canary, stable), (new { v1 = 100, v2 = 0 }, stable, canary) })
        {
            using var split = await http.SendAsync(StackApi.Authorized(HttpMethod.Put, "/gateway/admin/clusters/catalog/versions", admin, new { weights }));
            Assert.Equal(HttpStatusCode.OK, split.StatusCode);
            static Task<double> ProductRequests(RunningInstance instance) =>
                StackApi.MetricSumAsync(instance.Url, "http_server_request_duration_seconds_count", "http_route=\"/api/products");
            var servedBefore = await ProductRequests(served);
            var idleBefore = await ProductRequests(idle);
            for (var i = 0; i < 20; i++)
            {
                using var products = await http.GetAsync("/api/products");
                Assert.Equal(HttpStatusCode.OK, products.StatusCode);
            }

            // A request is counted as its server finishes it, which may be just after the client has the response.
            await Eventually(async () => await ProductRequests(served) == servedBefore + 20, StopTimeout,
                $"catalog {served.Version} did not serve all 20 requests with the split {weights}.");
            Assert.Equal(idleBefore, await ProductRequests(idle));
        }

        apphost.Signal(ProcessTable.SigTerm);

        Assert.Equal(0, await apphost.WaitForExitAsync(StopTimeout));
        Assert.All(instances, i => Assert.False(ProcessTable.IsAlive(i.Pid), $"{i.Service}#{i.Number} outlived the AppHost."));
        Assert.Empty(ProcessTable.WithEnvironmentContaining(apphost.ChildMarker));
    }

    /// <summary>
    /// Issue 6: the gateway on one port and two instances of every other service, registered with it. Requests
    /// through the gateway reach both instances; a token from either Identity instance is accepted everywhere; a
    /// form one web instance rendered is accepted by the other (shared Data Protection keys).
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task By_default_two_instances_of_every_service_register_with_the_gateway_which_spreads_requests_over_both()
    {
        await using var apphost = AppHostRun.Start();
        var instances = await apphost.WaitUntilReadyAsync(StartTimeout);
        Assert.Equal(
            ["catalog:2", "expenses:2", "gateway:1", "identity:2", "ordering:2", "web:2"],
            instances.GroupBy(i => i.Service).Select(g => $"{g.Key}:{g.Count()}").Order(StringComparer.Ordinal));
        Assert.Equal(instances.Count, instances.Select(i => i.Url.Port).Distinct().Count());

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Gateway(instances).Url };
        var admin = await StackApi.AdminTokenAsync(http, apphost.DataFolder);
        var clusters = await StackApi.WaitUntilRegisteredAsync(http, admin, instances, StartTimeout);
        Assert.All(clusters.Where(c => c.Key != "gateway"), c => Assert.Equal(2, c.Value.Count));

        // Anonymous reads and authenticated calls, each answered by whichever instance the gateway picks.
        var token = await StackApi.SignUpAsync(http, $"grace-{Guid.NewGuid():N}@example.com");
        for (var i = 0; i < 10; i++)
        {
            using var products = await http.GetAsync("/api/products");
            Assert.Equal(HttpStatusCode.OK, products.StatusCode);
            using var expenses = await http.SendAsync(StackApi.Authorized(HttpMethod.Get, "/api/expenses", token));
            Assert.Equal(HttpStatusCode.OK, expenses.StatusCode);
        }

        // A form one web instance rendered, posted to the other: its antiforgery cookie and token, encrypted with the
        // shared key, are accepted. Then the same through the gateway, which picks the instances itself.
        var password = File.ReadAllText(Path.Combine(apphost.DataFolder, "admin-password.txt")).Trim();
        var web = instances.Where(i => i.Service == "web").Select(i => new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = i.Url }).ToList();
        try
        {
            Assert.Equal(HttpStatusCode.Redirect, await SignInThroughTheFormAsync(web[0], web[1], StackApi.AdminEmail, password));
            Assert.Equal(HttpStatusCode.Redirect, await SignInThroughTheFormAsync(web[1], web[0], StackApi.AdminEmail, password));
        }
        finally
        {
            web.ForEach(client => client.Dispose());
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, await SignInThroughTheFormAsync(http, http, StackApi.AdminEmail, password));
        }

        foreach (var (service, route) in new[] { ("catalog", "http_route=\"/api/products"), ("expenses", "http_route=\"/api/expenses") })
        {
            foreach (var instance in instances.Where(i => i.Service == service))
            {
                var served = await StackApi.MetricSumAsync(instance.Url, "http_server_request_duration_seconds_count", route);
                Assert.True(served > 0, $"{service}#{instance.Number} served no request matching {route}; the gateway did not spread the load.");
            }
        }

        // Services validate tokens against the JWKS behind the gateway, not against one Identity instance.
        using var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration"));
        Assert.Equal(new Uri(Gateway(instances).Url, "/.well-known/jwks.json"), new Uri(discovery.RootElement.GetProperty("jwks_uri").GetString()!));
        Assert.Single(Directory.GetFiles(Path.Combine(apphost.DataFolder, "web-keys"), "key-*.xml"));
    }

    [Fact]
    public async Task The_replica_and_canary_counts_are_options_and_wrong_ones_are_refused()
    {
        await using var help = AppHostRun.Start("--help");
        Assert.Equal(0, await help.WaitForExitAsync(StopTimeout));
        Assert.Contains("--replicas <n>", help.Output, StringComparison.Ordinal);

        foreach (var wrong in new[] { "0", "9", "two" })
        {
            await using var refused = AppHostRun.Start("--replicas", wrong);
            Assert.Equal(2, await refused.WaitForExitAsync(StopTimeout));
            Assert.Contains("--replicas must be a number from 1 to 8", refused.Output, StringComparison.Ordinal);
        }

        foreach (var wrong in new[] { "gateway", "nosuch", "catalog=0", "catalog=two" })
        {
            await using var refused = AppHostRun.Start("--canary", wrong);
            Assert.Equal(2, await refused.WaitForExitAsync(StopTimeout));
            Assert.Contains("--canary takes a service", refused.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs where <c>OUTLAY_TEST_POSTGRES</c> names a server (as <c>.ci/run</c> sets it), against its <c>outlay_identity</c> database.</summary>
    [Fact(Timeout = 180_000)]
    public async Task Runs_on_PostgreSQL_when_given_a_connection_string()
    {
        var server = Environment.GetEnvironmentVariable("OUTLAY_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(server), "OUTLAY_TEST_POSTGRES is not set.");

        // Two instances of each service start together on one database: they create it and migrate it once.
        await using var apphost = AppHostRun.Start("--postgres", server);
        var instances = await apphost.WaitUntilReadyAsync(StartTimeout);
        Assert.Equal(2, instances.Count(i => i.Service == "identity"));
        Assert.Contains("PostgreSQL", apphost.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server, apphost.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(apphost.DataFolder, "identity.db")), "Identity used SQLite.");

        // The databases outlive this run (their first admin has an older password), so no admin here: wait until
        // the gateway reaches Identity and Expenses instead.
        using var http = new HttpClient { BaseAddress = Gateway(instances).Url };
        await Eventually(async () => (await http.GetAsync("/.well-known/jwks.json")).IsSuccessStatusCode, StartTimeout, "Identity never registered with the gateway.");
        var token = await StackApi.SignUpAsync(http, $"grace-{Guid.NewGuid():N}@example.com");
        await Eventually(async () => (await http.SendAsync(StackApi.Authorized(HttpMethod.Get, "/api/expenses", token))).IsSuccessStatusCode, StartTimeout,
            "Expenses never answered through the gateway.");
        using var created = await http.SendAsync(StackApi.Authorized(HttpMethod.Post, "/api/expenses", token, new { amount = "1500", description = "Ramen" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        apphost.Signal(ProcessTable.SigTerm);
        Assert.Equal(0, await apphost.WaitForExitAsync(StopTimeout));
        Assert.Empty(ProcessTable.WithEnvironmentContaining(apphost.ChildMarker));
    }

    [Fact(Timeout = 180_000)]
    public async Task Children_stop_by_themselves_when_the_AppHost_is_killed()
    {
        // One instance each: this is about the processes' lifetime, not about replicas, and starts faster.
        await using var apphost = AppHostRun.Start("--replicas", "1");
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
        await using var apphost = AppHostRun.Start("--replicas", "1");
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

    private static RunningInstance Gateway(IReadOnlyList<RunningInstance> instances) => Assert.Single(instances, i => i.Service == "gateway");

    /// <summary>Renders the sign-in form and posts it back with its antiforgery cookie and token, as a browser does.</summary>
    private static async Task<HttpStatusCode> SignInThroughTheFormAsync(HttpClient renderer, HttpClient poster, string email, string password)
    {
        using var form = await renderer.GetAsync("/account/signin");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, "The sign-in form has no antiforgery token.");
        var cookies = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Form.Email"] = email,
                ["Form.Password"] = password,
                ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value),
            }),
        };
        post.Headers.Add("Cookie", cookies);
        using var response = await poster.SendAsync(post);
        return response.StatusCode;
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryToken();

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
