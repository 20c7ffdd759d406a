using System.Text.Json;

namespace Outlay.Gateway.Admin;

/// <summary>What the admin API changed for one cluster.</summary>
internal sealed class ClusterOverrides
{
    public Dictionary<string, int>? VersionWeights { get; set; }
    public Dictionary<string, int> DestinationWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Drained { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsEmpty => VersionWeights is null && DestinationWeights.Count == 0 && Drained.Count == 0;
}

/// <summary>
/// Runtime changes made through the admin API (canary splits, weights, drains), written to a JSON file on
/// every change (write-then-rename, so a crash leaves the old or the new file) and read back at start-up:
/// a split set at runtime survives a gateway restart.
/// </summary>
internal sealed partial class RuntimeOverrides
{
    public const string StateFileKey = "Gateway:StateFile";
    private readonly string _path;
    private readonly ILogger<RuntimeOverrides> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ClusterOverrides> _clusters;

    public RuntimeOverrides(IConfiguration configuration, ILogger<RuntimeOverrides> logger)
    {
        _logger = logger;
        _path = Path.GetFullPath(configuration[StateFileKey]
            ?? Path.Combine(configuration["Outlay:Database:DataFolder"] ?? "data", "gateway-state.json"));
        _clusters = Load();
    }

    public ClusterOverrides? For(string clusterId)
    {
        lock (_lock)
        {
            return _clusters.GetValueOrDefault(clusterId);
        }
    }

    /// <summary>Applies a change and persists it before returning, so an acknowledged change is never lost.</summary>
    public void Update(string clusterId, Action<ClusterOverrides> change)
    {
        lock (_lock)
        {
            if (!_clusters.TryGetValue(clusterId, out var overrides))
            {
                _clusters[clusterId] = overrides = new ClusterOverrides();
            }

            change(overrides);
            if (overrides.IsEmpty)
            {
                _clusters.Remove(clusterId);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(_clusters, JsonSerializerOptions.Web));
            File.Move(temporary, _path, overwrite: true);
        }
    }

    private Dictionary<string, ClusterOverrides> Load()
    {
        var empty = new Dictionary<string, ClusterOverrides>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(_path))
        {
            return empty;
        }

        try
        {
            var loaded = JsonSerializer.Deserialize<Dictionary<string, ClusterOverrides>>(File.ReadAllText(_path), JsonSerializerOptions.Web);
            return loaded is null ? empty : new Dictionary<string, ClusterOverrides>(loaded, StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException ex)
        {
            // A damaged file must not keep the gateway down; configuration defaults apply until the next change.
            LogUnreadable(ex, _path);
            return empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Gateway state file {Path} is unreadable; using configured weights")]
    private partial void LogUnreadable(Exception exception, string path);
}
