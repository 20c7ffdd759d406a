namespace Outlay.AppHost.Supervision;

/// <summary>
/// Delay before restarting a crashed child: 1 s, doubling up to 30 s, so a service that crashes at
/// start-up does not spin; back to 1 s once a run lasted a minute, because then it was healthy.
/// </summary>
internal sealed class RestartBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan HealthyUptime = TimeSpan.FromSeconds(60);

    private TimeSpan _next = Initial;

    public TimeSpan After(TimeSpan uptime)
    {
        if (uptime >= HealthyUptime)
        {
            _next = Initial;
        }

        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Maximum.Ticks));
        return delay;
    }
}
