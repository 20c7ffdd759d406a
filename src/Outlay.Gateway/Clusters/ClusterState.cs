using System.Net;

using Outlay.Gateway.Configuration;

namespace Outlay.Gateway.Clusters;

/// <summary>A cluster at runtime: its configuration, its current destinations, its connection pool and balancer state.</summary>
internal sealed class ClusterState(ClusterConfig config)
{
    private DestinationState[] _destinations = [];
    private ClusterConfig _config = config;

    public string Id => Config.Id;

    public ClusterConfig Config
    {
        get => Volatile.Read(ref _config);
        set
        {
            if (value.Timeouts.Connect != Volatile.Read(ref _config).Timeouts.Connect)
            {
                Invoker = CreateInvoker(value.Timeouts.Connect);
            }

            Volatile.Write(ref _config, value);
        }
    }

    /// <summary>Sorted by id so that round-robin order is stable across rebuilds.</summary>
    public DestinationState[] Destinations
    {
        get => Volatile.Read(ref _destinations);
        set => Volatile.Write(ref _destinations, value);
    }

    public HttpMessageInvoker Invoker { get; private set; } = CreateInvoker(config.Timeouts.Connect);

    /// <summary>Set through the admin API; wins over the configured split.</summary>
    public IReadOnlyDictionary<string, int>? VersionWeightOverride { get; set; }

    public IReadOnlyDictionary<string, int>? VersionWeights => VersionWeightOverride ?? Config.VersionWeights;

    public RetryBudget RetryBudget { get; } = new();

    /// <summary>Guards the smooth round-robin counters of destinations and versions.</summary>
    public Lock BalancerLock { get; } = new();

    public Dictionary<string, long> VersionCurrentWeights { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Lock EjectionLock { get; } = new();

    /// <summary>
    /// One pool per cluster; no cookies, redirects, decompression or proxy: the client's own headers and the
    /// destination's own answer go through unchanged. Trace headers are written by the forwarder itself.
    /// </summary>
    private static HttpMessageInvoker CreateInvoker(TimeSpan connectTimeout) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = connectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        ActivityHeadersPropagator = null,
        EnableMultipleHttp2Connections = true,
    }, disposeHandler: true);
}
