namespace Outlay.Gateway.Forwarding;

/// <summary>How one attempt is sent: where to, how long it may take, and what counts as a failure to retry.</summary>
/// <param name="Target">The destination URL including path and query.</param>
/// <param name="PerTryTimeout">Time allowed until the response head arrives.</param>
/// <param name="BufferedBody">The client's body read in advance (small, idempotent requests) so it can be sent again; null streams it.</param>
/// <param name="TreatAsFailure">Upstream statuses that are not passed on but reported so the caller may retry.</param>
/// <param name="TrustForwardedHeaders">Whether the client is a trusted proxy whose X-Forwarded-* headers are kept and extended.</param>
/// <param name="RequestId">Sent as <c>X-Request-Id</c>.</param>
internal sealed record ForwardedRequest(
    Uri Target,
    TimeSpan PerTryTimeout,
    byte[]? BufferedBody,
    Func<int, bool>? TreatAsFailure,
    bool TrustForwardedHeaders,
    string RequestId);
