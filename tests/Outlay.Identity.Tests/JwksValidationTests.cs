using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Outlay.Identity.Tokens;
using Outlay.ServiceDefaults;
using Outlay.ServiceDefaults.Auth;
using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>
/// Another service validates Identity's tokens on its own, from the JWKS it fetches over HTTP, and fetches
/// again when a token names a key it has not seen (after Identity rotated).
/// </summary>
public sealed class JwksValidationTests(SqliteIdentity identity) : IClassFixture<SqliteIdentity>, IAsyncDisposable
{
    private WebApplication? service;

    [Fact]
    public async Task A_service_validates_tokens_from_the_jwks_and_follows_a_rotation()
    {
        var client = await StartServiceAsync();
        var email = IdentityHost.NewEmail();
        await identity.RegisterAsync(email);

        var first = (await identity.LoginAsync(email)).GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Call(client, first)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Call(client, first, "/admin")).StatusCode);

        var keys = identity.Factory.Services.GetRequiredService<SigningKeyStore>();
        await identity.WithDbAsync(async db =>
        {
            await keys.RotateAsync(db, DateTime.UtcNow - TimeSpan.FromMinutes(10), CancellationToken.None);
            return 0;
        });
        var second = (await identity.LoginAsync(email)).GetProperty("accessToken").GetString()!;

        // The service's cached JWKS lacks the new key; it may refetch once its refresh interval passed.
        var status = await Eventually.ReadAsync(async () => (await Call(client, second)).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await Call(client, first)).StatusCode);
    }

    private static Task<HttpResponseMessage> Call(HttpClient client, string token, string path = "/whoami")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private async Task<HttpClient> StartServiceAsync()
    {
        _ = identity.Client();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Outlay:Auth:Authority"] = "http://identity.test";
        builder.Configuration["Outlay:Auth:JwksRefreshInterval"] = "00:00:01";
        builder.AddServiceDefaults("probe");
        // Configure, not PostConfigure: JwtBearer builds its backchannel client in its own post-configuration.
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            options => options.BackchannelHttpHandler = identity.Factory.Server.CreateHandler());
        service = builder.Build();
        service.UseServiceDefaults();
        service.MapGet("/whoami", (System.Security.Claims.ClaimsPrincipal user) => user.UserId().ToString()).RequireAuthorization(OutlayPolicies.User);
        service.MapGet("/admin", () => "ok").RequireAuthorization(OutlayPolicies.Admin);
        await service.StartAsync();
        return service.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }
    }
}
