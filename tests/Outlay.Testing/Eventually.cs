namespace Outlay.Testing;

/// <summary>Waits on a condition with a deadline, polling briefly, instead of sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds or the deadline passes; returns the last value read.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            value = await read();
        }

        return value;
    }
}
