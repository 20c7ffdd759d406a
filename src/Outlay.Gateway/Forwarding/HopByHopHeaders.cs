using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Outlay.Gateway.Forwarding;

/// <summary>
/// Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded, in either
/// direction, together with every header the sender named in its own <c>Connection</c> header.
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Always = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection,
        HeaderNames.KeepAlive,
        "Proxy-Connection",
        HeaderNames.ProxyAuthenticate,
        HeaderNames.ProxyAuthorization,
        // The proxy's answer to Proxy-Authorization (RFC 9110 §11.7.3), meant for the client of this hop only.
        "Proxy-Authentication-Info",
        HeaderNames.TE,
        HeaderNames.Trailer,
        HeaderNames.TransferEncoding,
        HeaderNames.Upgrade,
        // HTTP/2 cleartext upgrade settings; meaningless (and dangerous) past this hop.
        "HTTP2-Settings",
    };

    public static bool IsAlways(string name) => Always.Contains(name);

    /// <summary>The extra names a message lists in <c>Connection</c> (e.g. <c>Connection: close, X-Secret</c>).</summary>
    public static HashSet<string>? NamedInConnection(StringValues connection)
    {
        HashSet<string>? named = null;
        foreach (var value in connection)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var token in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                (named ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(token);
            }
        }

        return named;
    }

    public static HashSet<string>? NamedInConnection(IEnumerable<string> connection) =>
        NamedInConnection(new StringValues([.. connection]));
}
