using Outlay.Messaging.Embedded;
using Outlay.Messaging.RabbitMq;

namespace Outlay.Messaging;

public enum TransportKind
{
    /// <summary>The SQLite-file broker shared by the services on one machine (nothing to install).</summary>
    Embedded,
    RabbitMq,
}

/// <summary>Bound from <c>Outlay:Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Outlay:Messaging";

    public TransportKind Transport { get; set; } = TransportKind.Embedded;

    /// <summary>
    /// Declare every consumer of <see cref="Outlay.Contracts.EventTopology"/>, not only this service's own queue. Off
    /// only where several unrelated test hosts share one broker.
    /// </summary>
    public bool DeclareTopology { get; set; } = true;

    public OutboxOptions Outbox { get; set; } = new();

    public ConsumerOptions Consumer { get; set; } = new();
}

public sealed class OutboxOptions
{
    /// <summary>Off only in tests that need committed but unsent events (a producer that crashed before sending).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>How often the relay looks for unsent rows when nothing woke it (rows of a crashed replica, a broker outage).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 200;

    /// <summary>Only the lease holder relays; another replica takes over when it is not renewed within this time.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sent rows are kept this long for diagnosis, then purged.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Pause after a failed send before the relay tries the same row again (doubles up to 30 s).</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
}

public sealed class ConsumerOptions
{
    /// <summary>Deliveries of one message before it is dead-lettered (the first try included).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry delay; each further retry waits five times longer (1 s, 5 s, 25 s, 125 s by default).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bodies larger than this are dead-lettered unread.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Inbox rows older than this are purged. It must outlive every path that can redeliver an applied message:
    /// the retry schedule, lease expiry and the broker's redelivery after a crash, all bounded by minutes.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);
}
