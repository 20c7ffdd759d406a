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
/// One cluster's overrides as stored. <see cref="Revision"/> grows with every change across all clusters, so a
/// replica asks only for what changed since the last revision it applied.
/// </summary>
internal sealed class StoredClusterOverrides
{
    public const int MaxClusterIdLength = 200;

    public required string ClusterId { get; set; }
    public required string Document { get; set; }
    public long Revision { get; set; }
    public DateTime UpdatedAt { get; set; }
}
