using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Outlay.Testing;

/// <summary>
/// Hosts a real service in-process on a <see cref="TestDatabase"/>, with its real start-up (migrations,
/// hosted services) and a clock the test controls. Given <paramref name="tokens"/>, the service trusts them instead of
/// Identity's JWKS (for services other than Identity).
/// </summary>
public class ServiceFactory<TProgram>(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, TestTokens? tokens = null)
    : WebApplicationFactory<TProgram>
    where TProgram : class
{
    public ManualClock Clock { get; } = new();

    public TestDatabase Database => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in database.Settings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        if (tokens is not null)
        {
            builder.ConfigureTestServices(tokens.TrustIn);
        }
    }
}
