using System.Diagnostics;
using System.Diagnostics.Metrics;

using Outlay.Gateway.Clusters;
using Outlay.Gateway.Discovery;

namespace Outlay.Gateway.Observability;

/// <summary>
/// The gateway's instruments. Names are a contract with the alert rules in deploy/: requests by
/// route/cluster/status class, request and upstream latency, retries, ejections, destination health,
/// canary weights and registry size. No user data in labels; destinations are bounded by the clusters.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Outlay.Gateway";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _ejections;
    private readonly Counter<long> _rejections;

    public GatewayMetrics(IMeterFactory meterFactory, ClusterStore clusters, InstanceRegistry registry, TimeProvider time)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("outlay.gateway.requests", description: "Requests handled by the gateway, by route, cluster and status class.");
        _duration = meter.CreateHistogram<double>("outlay.gateway.request.duration", "s", "Time from request to the end of the response, as the client saw it.");
        _upstreamDuration = meter.CreateHistogram<double>("outlay.gateway.upstream.duration", "s", "Time until a destination's response head, per attempt.");
        _retries = meter.CreateCounter<long>("outlay.gateway.retries", description: "Attempts repeated on another destination.");
        _ejections = meter.CreateCounter<long>("outlay.gateway.ejections", description: "Destinations ejected by outlier detection.");
        _rejections = meter.CreateCounter<long>("outlay.gateway.rejections", description: "Requests refused before proxying, by reason.");
        meter.CreateObservableGauge("outlay.gateway.destination.healthy", () => Healthy(clusters, time.GetUtcNow()),
            description: "1 when a destination passes health checks and is not ejected, else 0.");
        meter.CreateObservableGauge("outlay.gateway.destination.weight", () => Weights(clusters),
            description: "Effective weight of each destination (0 when drained).");
        meter.CreateObservableGauge("outlay.gateway.version.weight", () => VersionWeights(clusters),
            description: "Configured traffic split between versions of a cluster.");
        meter.CreateObservableGauge("outlay.gateway.registry.instances", () => new Measurement<int>(registry.Count),
            description: "Self-registered instances with a live lease.");
    }

    public void RequestCompleted(string route, string cluster, int status, TimeSpan elapsed)
    {
        var tags = new TagList { { "route", route }, { "cluster", cluster }, { "code_class", CodeClass(status) } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void AttemptCompleted(string cluster, string destination, string outcome, TimeSpan elapsed) =>
        _upstreamDuration.Record(elapsed.TotalSeconds, new TagList { { "cluster", cluster }, { "destination", destination }, { "outcome", outcome } });

    public void Retried(string cluster) => _retries.Add(1, new KeyValuePair<string, object?>("cluster", cluster));

    public void Ejected(string cluster) => _ejections.Add(1, new KeyValuePair<string, object?>("cluster", cluster));

    public void Rejected(string reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private static readonly string[] CodeClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private static string CodeClass(int status) => status is >= 100 and < 600 ? CodeClasses[(status / 100) - 1] : "other";

    private static IEnumerable<Measurement<int>> Healthy(ClusterStore clusters, DateTimeOffset now) =>
        clusters.All.SelectMany(c => c.Destinations.Select(d => new Measurement<int>(d.IsHealthy(now) ? 1 : 0,
            new KeyValuePair<string, object?>("cluster", c.Id), new KeyValuePair<string, object?>("destination", d.Id))));

    private static IEnumerable<Measurement<int>> Weights(ClusterStore clusters) =>
        clusters.All.SelectMany(c => c.Destinations.Select(d => new Measurement<int>(d.EffectiveWeight,
            new KeyValuePair<string, object?>("cluster", c.Id), new KeyValuePair<string, object?>("destination", d.Id),
            new KeyValuePair<string, object?>("version", d.Version))));

    private static IEnumerable<Measurement<int>> VersionWeights(ClusterStore clusters) =>
        clusters.All.Where(c => c.VersionWeights is not null).SelectMany(c => c.VersionWeights!.Select(v => new Measurement<int>(v.Value,
            new KeyValuePair<string, object?>("cluster", c.Id), new KeyValuePair<string, object?>("version", v.Key))));
}
