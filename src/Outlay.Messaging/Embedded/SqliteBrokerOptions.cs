namespace Outlay.Messaging.Embedded;

/// <summary>Bound from <c>Outlay:Messaging:Embedded</c>.</summary>
public sealed class SqliteBrokerOptions
{
    /// <summary>The broker file every service on the machine shares.</summary>
    public string Path { get; set; } = "data/broker.db";

    /// <summary>How long a claimed delivery stays invisible to other instances; renewed while the handler runs.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many deliveries a consumer claims at once (like RabbitMQ's prefetch): its claim and its record of outcomes are
    /// one durable write each per batch. Other instances of the consumer cannot take a claimed delivery until its lease ends.
    /// </summary>
    public int ClaimBatchSize { get; set; } = 16;

    /// <summary>How often an idle consumer looks for new deliveries written by other processes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);
}
