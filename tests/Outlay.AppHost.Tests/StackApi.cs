using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Outlay.AppHost.Tests;

/// <summary>
/// What tests of a running stack do through its gateway: sign up and in, get the first admin's token, wait until
/// every instance is registered, and read an instance's own /metrics. Shared as source with the deploy tests.
/// </summary>
internal static class StackApi
{
    public const string AdminEmail = "admin@outlay.local";
    public const string Password = "correct horse battery staple";

    public static async Task<string> SignUpAsync(HttpClient http, string email)
    {
        using var register = await http.PostAsJsonAsync("/api/auth/register", new { email, password = Password, firstName = "Ada", lastName = "Lovelace" });
        Assert.True(register.StatusCode == HttpStatusCode.Created, $"register: {(int)register.StatusCode} {await register.Content.ReadAsStringAsync()}");
        return await LoginAsync(http, email, Password);
    }

    public static async Task<string> LoginAsync(HttpClient http, string email, string password)
    {
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"login: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        return token;
    }

    /// <summary>The first admin, with the password the AppHost generated into the data folder.</summary>
    public static Task<string> AdminTokenAsync(HttpClient http, string dataFolder) =>
        LoginAsync(http, AdminEmail, File.ReadAllText(Path.Combine(dataFolder, "admin-password.txt")).Trim());

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    /// <summary>
    /// Waits until the gateway's registry holds exactly the instances the AppHost started, each healthy, and
    /// returns every cluster's destination addresses.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> WaitUntilRegisteredAsync(
        HttpClient gateway, string adminToken, IReadOnlyList<RunningInstance> instances, TimeSpan timeout)
    {
        var expected = instances.Where(i => i.Service != "gateway")
            .GroupBy(i => i.Service)
            .ToDictionary(g => g.Key, g => g.Select(i => i.Url.AbsoluteUri).Order(StringComparer.Ordinal).ToList());
        var elapsed = Stopwatch.StartNew();
        var seen = "";
        while (true)
        {
            using var response = await gateway.SendAsync(Authorized(HttpMethod.Get, "/gateway/admin/clusters", adminToken));
            seen = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var healthy = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                foreach (var cluster in JsonDocument.Parse(seen).RootElement.EnumerateArray())
                {
                    healthy[cluster.GetProperty("id").GetString()!] = [.. cluster.GetProperty("destinations").EnumerateArray()
                        .Where(d => d.GetProperty("healthy").GetBoolean())
                        .Select(d => d.GetProperty("address").GetString()!)
                        .Order(StringComparer.Ordinal)];
                }

                if (expected.All(e => healthy.TryGetValue(e.Key, out var addresses) && addresses.SequenceEqual(e.Value)))
                {
                    return healthy;
                }
            }

            Assert.True(elapsed.Elapsed < timeout, $"The gateway did not list every instance as a healthy destination within {timeout.TotalSeconds:0} s. Last answer: {seen}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>The sum over one metric's series on one instance whose labels contain every given <c>name="value"</c>.</summary>
    public static async Task<double> MetricSumAsync(Uri instance, string metric, params string[] labels)
    {
        using var http = new HttpClient { BaseAddress = instance, Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
