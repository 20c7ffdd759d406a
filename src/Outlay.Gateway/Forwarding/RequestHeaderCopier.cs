using System.Diagnostics;
using System.Net.Http.Headers;

using Microsoft.Net.Http.Headers;

namespace Outlay.Gateway.Forwarding;

/// <summary>
/// Copies the client's end-to-end headers onto the upstream request and adds what a proxy owes the next hop:
/// X-Forwarded-For/Proto/Host, a request id and the W3C trace context. Host is left to the destination URL.
/// </summary>
internal static class RequestHeaderCopier
{
    public const string RequestIdHeader = "X-Request-Id";
    private const string ForwardedFor = "X-Forwarded-For";
    private const string ForwardedProto = "X-Forwarded-Proto";
    private const string ForwardedHost = "X-Forwarded-Host";
    private const string TraceParent = "traceparent";
    private const string TraceState = "tracestate";

    public static void Copy(HttpContext context, HttpRequestMessage upstream, ForwardedRequest request, bool isUpgrade)
    {
        var headers = context.Request.Headers;
        var named = HopByHopHeaders.NamedInConnection(headers.Connection);
        foreach (var (name, values) in headers)
        {
            if (HopByHopHeaders.IsAlways(name) || (named?.Contains(name) ?? false) || IsReplaced(name))
            {
                continue;
            }

            // A single value goes as a string: the usual case, and no boxing of the StringValues per header.
            var added = values.Count == 1
                ? upstream.Headers.TryAddWithoutValidation(name, values[0])
                : upstream.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            if (!added && upstream.Content is { } content)
            {
                _ = values.Count == 1
                    ? content.Headers.TryAddWithoutValidation(name, values[0])
                    : content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (isUpgrade)
        {
            // The one hop-by-hop exchange a proxy repeats: the client's WebSocket upgrade, re-requested upstream.
            upstream.Headers.TryAddWithoutValidation(HeaderNames.Connection, "Upgrade");
            upstream.Headers.TryAddWithoutValidation(HeaderNames.Upgrade, (IEnumerable<string?>)headers.Upgrade);
        }

        AddForwarded(context, upstream.Headers, request.TrustForwardedHeaders);
        upstream.Headers.TryAddWithoutValidation(RequestIdHeader, request.RequestId);
        AddTraceContext(context, upstream.Headers);
    }

    private static bool IsReplaced(string name) =>
        name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HeaderNames.Expect, StringComparison.OrdinalIgnoreCase)
        || name.Equals(RequestIdHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(TraceParent, StringComparison.OrdinalIgnoreCase)
        || name.Equals(TraceState, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase);

    private static void AddForwarded(HttpContext context, HttpRequestHeaders upstream, bool trusted)
    {
        var client = PeerAddress.Of(context)?.ToString() ?? "unknown";
        var incoming = context.Request.Headers;
        if (trusted && !string.IsNullOrEmpty(incoming[ForwardedFor]))
        {
            upstream.TryAddWithoutValidation(ForwardedFor, $"{incoming[ForwardedFor]}, {client}");
            upstream.TryAddWithoutValidation(ForwardedProto, FirstOr(incoming[ForwardedProto], context.Request.Scheme));
            upstream.TryAddWithoutValidation(ForwardedHost, FirstOr(incoming[ForwardedHost], context.Request.Host.Value ?? ""));
            return;
        }

        upstream.TryAddWithoutValidation(ForwardedFor, client);
        upstream.TryAddWithoutValidation(ForwardedProto, context.Request.Scheme);
        upstream.TryAddWithoutValidation(ForwardedHost, context.Request.Host.Value ?? "");
    }

    /// <summary>
    /// The gateway's own span when the host created one (its parent is the caller's traceparent), else the
    /// caller's context unchanged, else a fresh trace, so that every upstream request carries one.
    /// </summary>
    private static void AddTraceContext(HttpContext context, HttpRequestHeaders upstream)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            upstream.TryAddWithoutValidation(TraceParent, activity.Id);
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                upstream.TryAddWithoutValidation(TraceState, activity.TraceStateString);
            }

            return;
        }

        var incoming = context.Request.Headers[TraceParent].ToString();
        if (ActivityContext.TryParse(incoming, context.Request.Headers[TraceState], out _))
        {
            upstream.TryAddWithoutValidation(TraceParent, incoming);
            if (context.Request.Headers[TraceState] is { Count: > 0 } state)
            {
                upstream.TryAddWithoutValidation(TraceState, state.ToString());
            }

            return;
        }

        upstream.TryAddWithoutValidation(TraceParent, $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01");
    }

    private static string FirstOr(Microsoft.Extensions.Primitives.StringValues values, string fallback) =>
        values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0]! : fallback;
}
