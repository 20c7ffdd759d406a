using System.Net;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

using Outlay.ServiceDefaults.Auth;
using Outlay.Testing;

namespace Outlay.ServiceDefaults.Tests.Problems;

/// <summary>Every failure of a service built on the defaults is an RFC 9457 problem that leaks nothing.</summary>
public sealed class ProblemResponseTests : IAsyncLifetime
{
    private WebApplication? app;

    private HttpClient Client => app!.GetTestClient();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults("probe");
        app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/boom", string () => throw new InvalidOperationException("SELECT password_hash FROM accounts failed")).AllowAnonymous();
        app.MapGet("/numbers/{n:int}", (int n) => n * 2).AllowAnonymous();
        app.MapGet("/admin-only", () => "secret").RequireAuthorization(OutlayPolicies.Admin);
        await app.StartAsync();
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_details_of_the_failure()
    {
        var response = await Client.GetAsync("/boom");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("SELECT", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trace_id_of_an_incoming_traceparent_is_kept()
    {
        const string traceId = "4bf92f3577b34e5a9d4f0c0ff1e0b7a1";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/boom");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var problem = await ProblemAssert.IsProblemAsync(await Client.SendAsync(request), HttpStatusCode.InternalServerError);
        Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
    }

    [Theory]
    [InlineData("GET", "/nowhere", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/boom", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/numbers/abc", HttpStatusCode.NotFound)]
    [InlineData("GET", "/admin-only", HttpStatusCode.Unauthorized)]
    public async Task Routing_and_auth_failures_are_problems(string method, string path, HttpStatusCode status)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await ProblemAssert.IsProblemAsync(response, status);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
