using System.Threading.RateLimiting;

using Outlay.Gateway.Configuration;
using Outlay.Gateway.Routing;

namespace Outlay.Gateway.RateLimiting;

/// <summary>
/// Token buckets per client (over all routes) and per route (over all clients). A refused request gets the
/// time until a token is back as <c>Retry-After</c>. Buckets survive reloads that leave their limits alone.
/// </summary>
internal sealed class GatewayRateLimiter : IDisposable
{
    private readonly Lock _lock = new();
    private (RateOptions? Options, PartitionedRateLimiter<string>? Limiter) _clients;
    private Dictionary<string, (RateOptions Options, RateLimiter Limiter)> _routes = new(StringComparer.OrdinalIgnoreCase);
    private int _generation = -1;

    /// <summary>Null when allowed, else how long the caller should wait.</summary>
    public TimeSpan? TryAcquire(GatewaySnapshot snapshot, GatewayRoute route, string clientKey)
    {
        if (_generation != snapshot.Generation)
        {
            Refresh(snapshot);
        }

        var clients = _clients.Limiter;
        if (clients is not null && Refused(clients.AttemptAcquire(clientKey)) is { } clientWait)
        {
            return clientWait;
        }

        return _routes.TryGetValue(route.Id, out var routeLimiter) ? Refused(routeLimiter.Limiter.AttemptAcquire()) : null;
    }

    private static TimeSpan? Refused(RateLimitLease lease)
    {
        using (lease)
        {
            if (lease.IsAcquired)
            {
                return null;
            }

            return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
        }
    }

    private void Refresh(GatewaySnapshot snapshot)
    {
        lock (_lock)
        {
            if (_generation == snapshot.Generation)
            {
                return;
            }

            if (!Same(_clients.Options, snapshot.PerClientRateLimit))
            {
                var options = snapshot.PerClientRateLimit;
                _clients.Limiter?.Dispose();
                _clients = (options, options is null ? null : PartitionedRateLimiter.Create<string, string>(key =>
                    RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(options))));
            }

            var routes = new Dictionary<string, (RateOptions, RateLimiter)>(StringComparer.OrdinalIgnoreCase);
            foreach (var route in snapshot.Routes.Routes.Where(r => r.RateLimit is not null))
            {
                routes[route.Id] = _routes.TryGetValue(route.Id, out var existing) && Same(existing.Options, route.RateLimit)
                    ? existing
                    : (route.RateLimit!, new TokenBucketRateLimiter(Bucket(route.RateLimit!)));
            }

            _routes = routes;
            _generation = snapshot.Generation;
        }
    }

    private static bool Same(RateOptions? a, RateOptions? b) =>
        (a is null && b is null) || (a is not null && b is not null && a.PermitsPerSecond.Equals(b.PermitsPerSecond) && a.Burst == b.Burst);

    /// <summary>Refills in small steps (tenths of a second) so that a burst is not followed by a whole second of refusals.</summary>
    private static TokenBucketRateLimiterOptions Bucket(RateOptions rate)
    {
        var (period, tokens) = rate.PermitsPerSecond >= 10
            ? (TimeSpan.FromMilliseconds(100), (int)Math.Ceiling(rate.PermitsPerSecond / 10))
            : (TimeSpan.FromSeconds(1 / rate.PermitsPerSecond), 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = 0,
        };
    }

    public void Dispose()
    {
        _clients.Limiter?.Dispose();
        foreach (var (_, limiter) in _routes.Values)
        {
            limiter.Dispose();
        }
    }
}
