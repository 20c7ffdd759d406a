using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Web.Session;

namespace Outlay.Web.Tests.Session;

/// <summary>
/// Replicas of the web app share one key folder. Started together on an empty folder they must end up with one
/// key, so a cookie or form token one of them issued is accepted by the other.
/// </summary>
public sealed class SharedKeyRingTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "outlay-keys-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task Replicas_starting_together_on_an_empty_folder_create_one_key_and_read_each_others_payloads()
    {
        var replicas = Enumerable.Range(0, 4).Select(_ => Replica()).ToList();
        using var start = new Barrier(replicas.Count);

        await Task.WhenAll(replicas.Select(replica => Task.Run(() =>
        {
            start.SignalAndWait();
            SharedKeyRing.EnsureOneKey(replica);
        })));

        Assert.Single(Directory.GetFiles(folder, "key-*.xml"));
        var issued = replicas[0].GetDataProtector("test").Protect("antiforgery token");
        Assert.All(replicas, replica => Assert.Equal("antiforgery token", replica.GetDataProtector("test").Unprotect(issued)));
        Assert.Single(Directory.GetFiles(folder, "key-*.xml"));
        replicas.ForEach(r => r.Dispose());
    }

    [Fact]
    public void A_replica_starting_later_keeps_the_existing_key()
    {
        using var first = Replica();
        SharedKeyRing.EnsureOneKey(first);
        var issued = first.GetDataProtector("test").Protect("session");

        using var second = Replica();
        SharedKeyRing.EnsureOneKey(second);

        Assert.Single(Directory.GetFiles(folder, "key-*.xml"));
        Assert.Equal("session", second.GetDataProtector("test").Unprotect(issued));
    }

    /// <summary>What one web process has: its own Data Protection services over the shared folder.</summary>
    private ServiceProvider Replica()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("outlay-web").PersistKeysToFileSystem(new DirectoryInfo(folder));
        services.AddSingleton(new SharedKeyRingFolder(folder));
        return services.BuildServiceProvider();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
