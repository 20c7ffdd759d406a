using System.Text.Json;

using Microsoft.EntityFrameworkCore;

using Outlay.Gateway.Infrastructure;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Gateway.Admin;

/// <summary>
/// Runtime changes made through the admin API (canary splits, weights, drains). They live in the gateway's
/// database, so a change survives a restart and reaches every gateway replica (each polls for newer revisions);
/// the request path reads only the in-memory copy.
/// </summary>
internal sealed partial class RuntimeOverrides(IServiceScopeFactory scopes, TimeProvider time, ILogger<RuntimeOverrides> logger) : IDisposable
{
    private const string WriteLock = "gateway-cluster-overrides";
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly Dictionary<string, ClusterOverrides> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private long _appliedRevision;

    /// <summary>Raised with a cluster id whenever that cluster's overrides changed (here or on another replica).</summary>
    public event Action<string>? Changed;

    public ClusterOverrides? For(string clusterId)
    {
        lock (_lock)
        {
            return _clusters.GetValueOrDefault(clusterId);
        }
    }

    /// <summary>Applies a change and stores it before returning, so an acknowledged change is never lost.</summary>
    public async Task UpdateAsync(string clusterId, Action<ClusterOverrides> change, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            // One writer at a time across replicas: revisions then commit in the order they are numbered, so a
            // replica that has applied revision N has already seen every change before it.
            await using var transaction = await db.Database.BeginExclusiveTransactionAsync(WriteLock, cancellationToken);
            var stored = await db.ClusterOverrides.SingleOrDefaultAsync(s => s.ClusterId == clusterId, cancellationToken);
            var overrides = stored is null ? new ClusterOverrides() : Read(stored);
            change(overrides);
            var revision = (await db.ClusterOverrides.MaxAsync(s => (long?)s.Revision, cancellationToken) ?? 0) + 1;
            if (stored is null)
            {
                stored = new StoredClusterOverrides { ClusterId = clusterId, Document = "" };
                db.ClusterOverrides.Add(stored);
            }

            stored.Document = JsonSerializer.Serialize(overrides, JsonSerializerOptions.Web);
            stored.Revision = revision;
            stored.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await SyncAsync(cancellationToken);
    }

    /// <summary>Applies every stored change newer than the last one applied here.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var newer = await db.ClusterOverrides.AsNoTracking()
                .Where(s => s.Revision > _appliedRevision)
                .OrderBy(s => s.Revision)
                .ToListAsync(cancellationToken);
            foreach (var stored in newer)
            {
                var overrides = Read(stored);
                lock (_lock)
                {
                    if (overrides.IsEmpty)
                    {
                        _clusters.Remove(stored.ClusterId);
                    }
                    else
                    {
                        _clusters[stored.ClusterId] = overrides;
                    }
                }

                _appliedRevision = stored.Revision;
                Changed?.Invoke(stored.ClusterId);
            }
        }
        finally
        {
            _syncGate.Release();
        }
    }

    public void Dispose() => _syncGate.Dispose();

    private ClusterOverrides Read(StoredClusterOverrides stored)
    {
        try
        {
            var read = JsonSerializer.Deserialize<ClusterOverrides>(stored.Document, JsonSerializerOptions.Web);
            return read is null ? new ClusterOverrides() : Normalized(read);
        }
        catch (JsonException ex)
        {
            // A damaged row must not keep the gateway down; configured weights apply until the next change.
            LogUnreadable(ex, stored.ClusterId, stored.Revision);
            return new ClusterOverrides();
        }
    }

    /// <summary>Deserialized collections compare case-sensitively; destination ids and versions do not.</summary>
    private static ClusterOverrides Normalized(ClusterOverrides read) => new()
    {
        VersionWeights = read.VersionWeights is null ? null : new Dictionary<string, int>(read.VersionWeights, StringComparer.OrdinalIgnoreCase),
        DestinationWeights = new Dictionary<string, int>(read.DestinationWeights, StringComparer.OrdinalIgnoreCase),
        Drained = new HashSet<string>(read.Drained, StringComparer.OrdinalIgnoreCase),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored overrides of cluster {ClusterId} (revision {Revision}) are unreadable; using configured weights")]
    private partial void LogUnreadable(Exception exception, string clusterId, long revision);
}
