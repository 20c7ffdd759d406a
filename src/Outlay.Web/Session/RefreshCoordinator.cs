using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

using Outlay.Web.Api;

namespace Outlay.Web.Session;

/// <summary>
/// Makes concurrent requests of one session share a single refresh. Identity rotates refresh tokens and treats
/// a second use of one as theft (revoking the whole family), so two tabs or a page plus its status poll must
/// never both spend the same token. The outcome is kept for a short while for requests that still carry the old
/// cookie. Keys are hashes, so the map never holds a usable token.
/// </summary>
public sealed class RefreshCoordinator(TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Lazy<Task<ApiResult<TokenPair>>> Refresh)> recent = new(StringComparer.Ordinal);

    public Task<ApiResult<TokenPair>> RefreshAsync(string refreshToken, Func<Task<ApiResult<TokenPair>>> refresh)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in recent)
        {
            if (now - entry.At > Keep)
            {
                recent.TryRemove(key, out _);
            }
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
        var shared = recent.GetOrAdd(hash, _ => (now, new Lazy<Task<ApiResult<TokenPair>>>(refresh)));
        var task = shared.Refresh.Value;
        // A backend that was down is asked again by the next request instead of being remembered as down.
        _ = task.ContinueWith(t =>
        {
            if (t.IsFaulted || t.Result.Problem is { IsUnavailable: true })
            {
                recent.TryRemove(new KeyValuePair<string, (DateTimeOffset, Lazy<Task<ApiResult<TokenPair>>>)>(hash, shared));
            }
        }, TaskScheduler.Default);
        return task;
    }
}
