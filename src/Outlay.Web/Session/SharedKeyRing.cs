using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Outlay.Web.Session;

/// <summary>The folder holding the Data Protection keys that every replica of the web app reads.</summary>
public sealed record SharedKeyRingFolder(string Path);

/// <summary>
/// Makes sure the replicas sharing a key folder encrypt with one key. Left alone, Data Protection creates a key
/// on first use when it finds none, so two replicas starting together on an empty folder each create their own
/// and keep signing with it: a session cookie or form token issued by one is then rejected by the other. Before
/// the app starts, each replica takes a lock file in the folder, and only the one that finds no usable key
/// creates it; the others read it.
/// </summary>
public static class SharedKeyRing
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Data Protection itself makes a new key this long before the default one expires.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(2);

    public static void EnsureOneKey(IServiceProvider services)
    {
        if (services.GetService<SharedKeyRingFolder>() is not { } folder)
        {
            return; // Keys in memory: one process, nothing to share.
        }

        using var exclusive = TakeLock(System.IO.Path.Combine(folder.Path, ".keyring.lock"));
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now + RenewBefore))
        {
            keys.CreateNewKey(now, now + services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
        }
    }

    /// <summary>An exclusive open is an advisory lock on Unix (flock) and a sharing lock on Windows.</summary>
    private static FileStream TakeLock(string path)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
