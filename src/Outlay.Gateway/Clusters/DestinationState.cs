namespace Outlay.Gateway.Clusters;

internal enum DestinationSource
{
    Static,
    Registration,
    Dns,
}

/// <summary>
/// One live destination: where it is, what it weighs, and what the gateway has learnt about it (active
/// health, passive failures and ejection, requests in flight). Kept across configuration reloads.
/// </summary>
internal sealed class DestinationState(string id, Uri address, string version, int weight, DestinationSource source)
{
    private int _consecutiveFailures;
    private int _outstanding;
    private long _ejectedUntilTicks;
    private int _activeSuccesses;
    private int _activeFailures;
    private readonly Lock _probeLock = new();

    public string Id { get; } = id;
    public Uri Address { get; set; } = address;
    public string Version { get; set; } = version;
    public int ConfiguredWeight { get; set; } = weight;
    public DestinationSource Source { get; } = source;

    /// <summary>Set through the admin API; wins over the configured weight.</summary>
    public int? WeightOverride { get; set; }

    /// <summary>Drained destinations get no new requests; those in flight finish.</summary>
    public bool Drained { get; set; }

    public int EffectiveWeight => Drained ? 0 : WeightOverride ?? ConfiguredWeight;

    /// <summary>Result of the active checks; destinations start healthy so a new instance takes traffic at once.</summary>
    public bool ActiveHealthy { get; private set; } = true;

    public int Outstanding => Volatile.Read(ref _outstanding);

    public int Ejections { get; set; }

    /// <summary>Smooth weighted round-robin state, guarded by the cluster's balancer lock.</summary>
    public long CurrentWeight { get; set; }

    public DateTimeOffset? EjectedUntil(DateTimeOffset now)
    {
        var ticks = Interlocked.Read(ref _ejectedUntilTicks);
        return ticks > now.UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    public bool IsEjected(DateTimeOffset now) => Interlocked.Read(ref _ejectedUntilTicks) > now.UtcTicks;

    public bool IsAvailable(DateTimeOffset now) => EffectiveWeight > 0 && ActiveHealthy && !IsEjected(now);

    /// <summary>Healthy for the <c>outlay_gateway_destination_healthy</c> gauge: passes checks and is not ejected.</summary>
    public bool IsHealthy(DateTimeOffset now) => ActiveHealthy && !IsEjected(now);

    public void Eject(DateTimeOffset until, int failuresAfterReturn)
    {
        Interlocked.Exchange(ref _ejectedUntilTicks, until.UtcTicks);
        Volatile.Write(ref _consecutiveFailures, failuresAfterReturn);
        Ejections++;
    }

    public int RecordFailure() => Interlocked.Increment(ref _consecutiveFailures);

    public void RecordSuccess() => Volatile.Write(ref _consecutiveFailures, 0);

    public void Begin() => Interlocked.Increment(ref _outstanding);

    public void End() => Interlocked.Decrement(ref _outstanding);

    /// <summary>Applies one active probe; returns true when the health state flipped.</summary>
    public bool RecordProbe(bool passed, int healthyThreshold, int unhealthyThreshold)
    {
        lock (_probeLock)
        {
            if (passed)
            {
                _activeFailures = 0;
                _activeSuccesses++;
                if (!ActiveHealthy && _activeSuccesses >= healthyThreshold)
                {
                    ActiveHealthy = true;
                    return true;
                }
            }
            else
            {
                _activeSuccesses = 0;
                _activeFailures++;
                if (ActiveHealthy && _activeFailures >= unhealthyThreshold)
                {
                    ActiveHealthy = false;
                    return true;
                }
            }

            return false;
        }
    }
}
