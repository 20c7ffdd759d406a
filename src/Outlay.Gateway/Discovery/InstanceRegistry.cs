using System.Collections.Concurrent;

namespace Outlay.Gateway.Discovery;

/// <summary>A service instance that registered itself; it stays while its lease is renewed.</summary>
internal sealed record RegisteredInstance(string InstanceId, string Service, Uri Address, string Version, int Weight, DateTimeOffset ExpiresAt);

/// <summary>
/// Seed 004's dynamic replica registration: instances announce themselves and heartbeat (both are the same
/// idempotent upsert, so a restarted gateway re-learns every instance from the next heartbeat); a lease not
/// renewed in time expires and the instance drops out; a graceful shutdown removes it at once.
/// </summary>
internal sealed class InstanceRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RegisteredInstance> _instances = new(StringComparer.Ordinal);

    /// <summary>Raised with the service name whenever its set of instances changed.</summary>
    public event Action<string>? Changed;

    public int Count => _instances.Count;

    public IReadOnlyList<RegisteredInstance> Instances(string service)
    {
        var now = time.GetUtcNow();
        return [.. _instances.Values.Where(i => i.ExpiresAt > now && i.Service.Equals(service, StringComparison.OrdinalIgnoreCase))];
    }

    public IReadOnlyList<RegisteredInstance> All() => [.. _instances.Values];

    public void Upsert(string instanceId, string service, Uri address, string version, int weight, TimeSpan lease)
    {
        var instance = new RegisteredInstance(instanceId, service, address, version, weight, time.GetUtcNow() + lease);
        var previous = _instances.TryGetValue(instanceId, out var p) ? p : null;
        _instances[instanceId] = instance;
        if (previous is null || previous.Address != address || previous.Version != version || previous.Weight != weight || previous.Service != service)
        {
            if (previous is not null && previous.Service != service)
            {
                Changed?.Invoke(previous.Service);
            }

            Changed?.Invoke(service);
        }
    }

    public bool Remove(string instanceId)
    {
        if (!_instances.TryRemove(instanceId, out var removed))
        {
            return false;
        }

        Changed?.Invoke(removed.Service);
        return true;
    }

    /// <summary>Drops expired leases; called periodically by <see cref="LeaseSweeper"/>.</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (id, instance) in _instances)
        {
            if (instance.ExpiresAt <= now && _instances.TryRemove(new KeyValuePair<string, RegisteredInstance>(id, instance)))
            {
                Changed?.Invoke(instance.Service);
            }
        }
    }
}

/// <summary>Removes instances whose lease ran out.</summary>
internal sealed class LeaseSweeper(InstanceRegistry registry) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            registry.Sweep();
        }
    }
}
