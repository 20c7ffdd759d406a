using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Outlay.ServiceDefaults.Tests.Problems;

public sealed class EndpointAuthorizationGuardTests
{
    [Fact]
    public async Task A_service_with_an_endpoint_that_declares_no_authorization_does_not_start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults("forgetful");
        await using var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/forgotten", () => "open to all by accident");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("/forgotten", error.Message, StringComparison.Ordinal);
    }
}
