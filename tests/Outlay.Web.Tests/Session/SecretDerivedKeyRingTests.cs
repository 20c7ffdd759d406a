using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Web.Session;

namespace Outlay.Web.Tests.Session;

/// <summary>
/// Replicas without a shared writable folder (read-only containers, pods) derive the one key from a configured
/// secret: the same secret reads each other's cookies, another secret does not, and nothing is written.
/// </summary>
public sealed class SecretDerivedKeyRingTests : IDisposable
{
    private const string Secret = "a-secret-of-more-than-thirty-two-characters";
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("outlay-web-data-").FullName;

    [Fact]
    public async Task Replicas_with_the_same_secret_read_each_others_payloads_and_write_no_key()
    {
        await using var first = WebApp(Secret);
        await using var second = WebApp(Secret);

        var issued = Protector(first).Protect("session");

        Assert.Equal("session", Protector(second).Unprotect(issued));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dataFolder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Another_secret_cannot_read_them()
    {
        await using var first = WebApp(Secret);
        await using var other = WebApp(Secret + "-rotated");

        var issued = Protector(first).Protect("session");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(other).Unprotect(issued));
    }

    [Fact]
    public void A_short_secret_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new SecretDerivedKeyRing("placeholder-change-me"));
        Assert.Contains("at least 32 characters", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The web app's own service wiring with the secret configured, as each replica builds it.</summary>
    private WebApplication WebApp(string secret)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outlay:Web:KeyRingSecret"] = secret,
            ["Outlay:Database:DataFolder"] = _dataFolder,
        });
        builder.AddWebFeatures();
        return builder.Build();
    }

    private static IDataProtector Protector(WebApplication app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);
}
