using System.Net.Http.Headers;

using Microsoft.Net.Http.Headers;

namespace Outlay.Gateway.Forwarding;

/// <summary>Copies the upstream's end-to-end response headers; the gateway's server frames the body itself.</summary>
internal static class ResponseHeaderCopier
{
    public static void Copy(HttpResponseMessage upstream, HttpResponse response, bool keepUpgrade)
    {
        var named = HopByHopHeaders.NamedInConnection(upstream.Headers.TryGetValues(HeaderNames.Connection, out var c) ? c : []);
        CopyFrom(upstream.Headers, response, named, keepUpgrade);
        CopyFrom(upstream.Content.Headers, response, named, keepUpgrade);
    }

    private static void CopyFrom(HttpHeaders source, HttpResponse response, HashSet<string>? named, bool keepUpgrade)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            var isUpgrade = keepUpgrade && name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase);
            if (!isUpgrade && (HopByHopHeaders.IsAlways(name) || (named?.Contains(name) ?? false)))
            {
                continue;
            }

            response.Headers[name] = values.Count == 1 ? values.ToString() : new Microsoft.Extensions.Primitives.StringValues([.. values]);
        }
    }
}
