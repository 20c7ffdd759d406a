using Microsoft.Extensions.Primitives;

namespace Outlay.Gateway.Configuration;

/// <summary>
/// Holds the current <see cref="GatewaySnapshot"/>. Watches the configuration and swaps in a new snapshot on
/// every valid change; an invalid change is logged and reported by the admin API while the last good one stays.
/// An invalid configuration at start-up stops the gateway from starting.
/// </summary>
internal sealed partial class GatewayConfigProvider : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ILogger<GatewayConfigProvider> _logger;
    private readonly IDisposable _subscription;
    private readonly Lock _lock = new();
    private GatewaySnapshot _current;
    private int _generation;

    public GatewayConfigProvider(IConfiguration configuration, ILogger<GatewayConfigProvider> logger)
    {
        _configuration = configuration;
        _logger = logger;
        var (snapshot, errors) = Build();
        _current = snapshot ?? throw new InvalidOperationException("Invalid gateway configuration: " + string.Join(" ", errors));
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public GatewaySnapshot Current => Volatile.Read(ref _current);

    /// <summary>Why the last reload was refused, or null when the last one applied.</summary>
    public IReadOnlyList<string>? LastErrors { get; private set; }

    public DateTimeOffset? LastRejectedAt { get; private set; }

    /// <summary>Raised after a new snapshot is in place.</summary>
    public event Action<GatewaySnapshot>? Changed;

    public void Reload()
    {
        GatewaySnapshot? applied = null;
        lock (_lock)
        {
            var (snapshot, errors) = Build();
            if (snapshot is null)
            {
                LastErrors = errors;
                LastRejectedAt = DateTimeOffset.UtcNow;
                LogRejected(_current.Generation, string.Join(" ", errors));
                return;
            }

            LastErrors = null;
            Volatile.Write(ref _current, snapshot);
            applied = snapshot;
            LogApplied(snapshot.Generation, snapshot.Routes.Routes.Count, snapshot.Clusters.Count);
        }

        Changed?.Invoke(applied);
    }

    private (GatewaySnapshot? Snapshot, IReadOnlyList<string> Errors) Build()
    {
        var options = new GatewayOptions();
        try
        {
            _configuration.GetSection(GatewayOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            return (null, [ex.Message]);
        }

        return GatewaySnapshotBuilder.Build(options, Interlocked.Increment(ref _generation));
    }

    public void Dispose() => _subscription.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Gateway configuration rejected, keeping generation {Generation}: {Errors}")]
    private partial void LogRejected(int generation, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway configuration generation {Generation} applied: {Routes} routes, {Clusters} clusters")]
    private partial void LogApplied(int generation, int routes, int clusters);
}
