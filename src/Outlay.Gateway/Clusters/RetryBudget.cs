namespace Outlay.Gateway.Clusters;

/// <summary>
/// Retries in flight are capped at a share of requests in flight (with a floor), so that a failing cluster
/// sees at most a bounded multiple of its normal load instead of a retry storm.
/// </summary>
internal sealed class RetryBudget
{
    private int _requests;
    private int _retries;

    public void BeginRequest() => Interlocked.Increment(ref _requests);

    public void EndRequest() => Interlocked.Decrement(ref _requests);

    public bool TryBeginRetry(int budgetPercent, int minConcurrent)
    {
        var allowed = Math.Max(minConcurrent, Volatile.Read(ref _requests) * budgetPercent / 100);
        if (Interlocked.Increment(ref _retries) <= allowed)
        {
            return true;
        }

        Interlocked.Decrement(ref _retries);
        return false;
    }

    public void EndRetry() => Interlocked.Decrement(ref _retries);
}
