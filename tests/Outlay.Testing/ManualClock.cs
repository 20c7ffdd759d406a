namespace Outlay.Testing;

/// <summary>
/// The real clock plus an offset that tests move forward by hand (lockouts, expiry, rotation), and reset
/// afterwards so later tests in the same host see real time again.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + offset;

    public void Advance(TimeSpan by) => offset += by;

    public void Reset() => offset = TimeSpan.Zero;
}
