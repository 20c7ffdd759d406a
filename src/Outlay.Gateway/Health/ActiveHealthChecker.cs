using Outlay.Gateway.Clusters;

namespace Outlay.Gateway.Health;

/// <summary>
/// Probes every destination of clusters with active checks enabled (GET of the health path, 2xx within the
/// timeout passes) and flips a destination after the configured number of consecutive passes or failures.
/// </summary>
internal sealed partial class ActiveHealthChecker(ClusterStore clusters, ILogger<ActiveHealthChecker> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.OrdinalIgnoreCase);

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ActivityHeadersPropagator = null,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = DateTimeOffset.UtcNow;
            var probes = new List<Task>();
            foreach (var cluster in clusters.All)
            {
                var active = cluster.Config.Health.Active;
                if (!active.Enabled || (_due.TryGetValue(cluster.Id, out var due) && due > now))
                {
                    continue;
                }

                _due[cluster.Id] = now + active.Interval;
                probes.AddRange(cluster.Destinations.Select(d => ProbeAsync(cluster, d, stoppingToken)));
            }

            // Not awaited one by one: a slow destination must not delay the other clusters' schedules.
            _ = Task.WhenAll(probes);
        }
    }

    private async Task ProbeAsync(ClusterState cluster, DestinationState destination, CancellationToken stoppingToken)
    {
        var active = cluster.Config.Health.Active;
        bool passed;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(active.Timeout);
        try
        {
            using var response = await _client.GetAsync(new Uri(destination.Address, active.Path), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            passed = response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            passed = false;
        }

        if (destination.RecordProbe(passed, active.HealthyThreshold, active.UnhealthyThreshold))
        {
            LogFlipped(destination.Id, cluster.Id, passed ? "healthy" : "unhealthy");
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destination {Destination} of cluster {Cluster} is now {State} (active check)")]
    private partial void LogFlipped(string destination, string cluster, string state);
}
