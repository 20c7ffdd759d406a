using Outlay.Gateway.Clusters;
using Outlay.Gateway.Forwarding;
using Outlay.Gateway.Observability;

namespace Outlay.Gateway.Health;

/// <summary>
/// Passive health, and seed 004's circuit breaker: consecutive transport failures or 5xx from one destination
/// eject it for a time that doubles with each ejection (up to a maximum). Never ejects more than the configured
/// share of a cluster and never the last destination. A returning destination is on probation: its next
/// failure ejects it again at once.
/// </summary>
internal sealed partial class OutlierDetector(GatewayMetrics metrics, TimeProvider time, ILogger<OutlierDetector> logger)
{
    public void Report(ClusterState cluster, DestinationState destination, ForwarderResult result)
    {
        var passive = cluster.Config.Health.Passive;
        if (!passive.Enabled || result.Error == ForwarderError.ClientAborted)
        {
            return;
        }

        if (!result.IsDestinationFailure)
        {
            destination.RecordSuccess();
            return;
        }

        if (destination.RecordFailure() < passive.ConsecutiveFailures)
        {
            return;
        }

        var now = time.GetUtcNow();
        lock (cluster.EjectionLock)
        {
            if (destination.IsEjected(now))
            {
                return;
            }

            var members = cluster.Destinations.Where(d => !d.Drained).ToList();
            var ejected = members.Count(d => d.IsEjected(now));
            var allowed = Math.Min(members.Count - 1, members.Count * passive.MaxEjectionPercent / 100);
            if (ejected >= allowed)
            {
                return;
            }

            var factor = Math.Pow(2, Math.Min(destination.Ejections, 16));
            var duration = TimeSpan.FromTicks((long)Math.Min(passive.MaxEjectionTime.Ticks, passive.BaseEjectionTime.Ticks * factor));
            destination.Eject(now + duration, passive.ConsecutiveFailures - 1);
            metrics.Ejected(cluster.Id);
            LogEjected(destination.Id, cluster.Id, duration);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destination {Destination} of cluster {Cluster} ejected for {Duration}")]
    private partial void LogEjected(string destination, string cluster, TimeSpan duration);
}
