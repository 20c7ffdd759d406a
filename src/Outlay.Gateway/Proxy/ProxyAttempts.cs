using System.Diagnostics;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Http.Features;

using Outlay.Gateway.Clusters;
using Outlay.Gateway.Configuration;
using Outlay.Gateway.Forwarding;
using Outlay.Gateway.Health;
using Outlay.Gateway.LoadBalancing;
using Outlay.Gateway.Observability;
using Outlay.Gateway.Routing;

namespace Outlay.Gateway.Proxy;

/// <summary>
/// Sends a request to the cluster, retrying on another destination only when that cannot repeat an effect:
/// the connection failed before anything was sent, or the method is idempotent, the response has not started
/// and the body (if any) was small enough to be buffered. Never the same destination twice; bounded by the
/// attempt limit, the overall timeout and the cluster's retry budget. Maps final failures to 502/503/504.
/// </summary>
internal sealed partial class ProxyAttempts(
    IHttpForwarder forwarder, OutlierDetector outliers, GatewayMetrics metrics, TimeProvider time, ILogger<ProxyAttempts> logger)
{
    private static readonly HashSet<string> Idempotent = new(StringComparer.OrdinalIgnoreCase) { "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" };

    public async Task ForwardAsync(HttpContext context, GatewaySnapshot snapshot, GatewayRoute route, ClusterState cluster)
    {
        var config = cluster.Config;
        var retry = config.Retry;
        var idempotent = Idempotent.Contains(context.Request.Method);
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;
        byte[]? buffered = null;
        if (hasBody && idempotent && retry.MaxAttempts > 1 && context.Request.ContentLength is { } length && length <= retry.MaxBufferedBodyBytes)
        {
            buffered = await ReadBodyAsync(context, (int)length);
            if (buffered is null)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
                return;
            }
        }

        var replayable = !hasBody || buffered is not null;
        var requestId = RequestId(context);
        context.Response.Headers[RequestHeaderCopier.RequestIdHeader] = requestId;
        var trusted = snapshot.IsTrustedProxy(context.Connection.RemoteIpAddress);
        var path = route.UpstreamPath(context.Request.Path);

        // The overall timeout bounds each attempt's own timeout, so it needs no timer of its own. A streamed body cannot
        // be resent, so there is one attempt and its per-try timeout (which starts once the body is sent) bounds it;
        // the overall timeout would otherwise cut long uploads.
        var deadline = Stopwatch.GetTimestamp() + (long)(config.Timeouts.Overall.TotalSeconds * Stopwatch.Frequency);
        bool OutOfTime() => replayable && Stopwatch.GetTimestamp() >= deadline;
        var tried = new List<DestinationState>(retry.MaxAttempts);
        ForwarderResult? last = null;
        cluster.RetryBudget.BeginRequest();
        try
        {
            var destination = DestinationPicker.Pick(cluster, tried, time.GetUtcNow());
            for (var attempt = 1; destination is not null; attempt++)
            {
                tried.Add(destination);
                var mayRetry = attempt < retry.MaxAttempts && idempotent && replayable;
                var remaining = TimeSpan.FromSeconds(Math.Max(0.001, (double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency));
                var request = new ForwardedRequest(
                    Target(destination.Address, path, context.Request.QueryString),
                    remaining < config.Timeouts.PerTry ? remaining : config.Timeouts.PerTry,
                    buffered,
                    mayRetry ? IsRetriableStatus : null,
                    trusted,
                    requestId);

                var result = await SendAsync(context, cluster, destination, request, isRetry: attempt > 1);
                last = result;
                if (result.Error == ForwarderError.None || result.ResponseStarted || result.Error == ForwarderError.ClientAborted)
                {
                    if (result.Error == ForwarderError.ClientAborted && !context.Response.HasStarted)
                    {
                        context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
                    }

                    return;
                }

                var safe = (result.Error is ForwarderError.ConnectFailed or ForwarderError.ConnectTimeout && (!result.RequestBodyStarted || replayable))
                    || (idempotent && replayable && result.Error is ForwarderError.Protocol or ForwarderError.Timeout or ForwarderError.RetriableStatus);
                if (OutOfTime() || attempt >= retry.MaxAttempts || !safe)
                {
                    break;
                }

                // The next destination first, then the budget: a retry slot is handed back only by an attempt that ran, so
                // one taken with no destination left to try would never be returned and the cluster's budget would shrink.
                destination = DestinationPicker.Pick(cluster, tried, time.GetUtcNow());
                if (destination is null || !cluster.RetryBudget.TryBeginRetry(retry.BudgetPercent, retry.MinConcurrentRetries))
                {
                    break;
                }

                metrics.Retried(cluster.Id);
            }
        }
        finally
        {
            cluster.RetryBudget.EndRequest();
        }

        await WriteFailureAsync(context, last, OutOfTime());
    }

    private async Task<ForwarderResult> SendAsync(
        HttpContext context, ClusterState cluster, DestinationState destination, ForwardedRequest request, bool isRetry)
    {
        var started = Stopwatch.GetTimestamp();
        destination.Begin();
        ForwarderResult result;
        try
        {
            result = await forwarder.SendAsync(context, request, cluster.Invoker, CancellationToken.None);
        }
        finally
        {
            destination.End();
            if (isRetry)
            {
                cluster.RetryBudget.EndRetry();
            }
        }

        outliers.Report(cluster, destination, result);
        metrics.AttemptCompleted(cluster.Id, destination.Id, result.Error == ForwarderError.None ? "response" : result.Error.ToString(), Stopwatch.GetElapsedTime(started));
        if (result.Error is not (ForwarderError.None or ForwarderError.ClientAborted))
        {
            LogAttemptFailed(destination.Id, cluster.Id, result.Error, result.StatusCode);
        }

        return result;
    }

    private static Task WriteFailureAsync(HttpContext context, ForwarderResult? last, bool timedOut)
    {
        if (last is not { } result)
        {
            context.Response.Headers.RetryAfter = "1";
            return GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "No healthy destination is available.");
        }

        if (timedOut || result.Error is ForwarderError.Timeout or ForwarderError.ConnectTimeout)
        {
            return GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "The upstream service did not answer in time.");
        }

        return result.Error == ForwarderError.RetriableStatus
            ? GatewayProblems.WriteAsync(context, result.StatusCode, "The upstream service is unavailable.", $"Every attempt failed; the last answered {result.StatusCode}.")
            : GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "The upstream service could not be reached or answered invalidly.");
    }

    private static bool IsRetriableStatus(int status) => status is 502 or 503 or 504;

    /// <summary>Every hop gets the same id: the caller's when it is sane, else a new one.</summary>
    private static string RequestId(HttpContext context) =>
        context.Request.Headers[RequestHeaderCopier.RequestIdHeader].ToString() is { Length: > 0 and <= 128 } incoming && SafeId().IsMatch(incoming)
            ? incoming
            : Guid.NewGuid().ToString("N");

    private static Uri Target(Uri destination, PathString path, QueryString query)
    {
        var basePath = destination.AbsolutePath.TrimEnd('/');
        return new Uri(destination.GetLeftPart(UriPartial.Authority) + basePath + path.ToUriComponent() + query.ToUriComponent());
    }

    /// <summary>Reads a small declared-length body so it can be sent again; null when the client went away.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int length)
    {
        var body = new byte[length];
        try
        {
            await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted);
            return body;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or EndOfStreamException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex SafeId();

    [LoggerMessage(Level = LogLevel.Information, Message = "Attempt on {Destination} of cluster {Cluster} failed: {Error} {Status}")]
    private partial void LogAttemptFailed(string destination, string cluster, ForwarderError error, int status);
}
