using System.Net;

using Outlay.Gateway.Configuration;
using Outlay.Gateway.Forwarding;

namespace Outlay.Gateway.Access;

/// <summary>Which client sent a request, by address, seen through the proxies the gateway is configured to trust.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The peer, unless it is a trusted proxy: then the rightmost <c>X-Forwarded-For</c> entry that is not itself a trusted
    /// proxy. Entries further left were written by the client and prove nothing; the rightmost untrusted one was written
    /// by a proxy the gateway believes. Behind a load balancer this keeps visitors apart instead of one bucket for all.
    /// </summary>
    public static string Of(HttpContext context, GatewaySnapshot snapshot)
    {
        var peer = PeerAddress.Of(context);
        if (!snapshot.IsTrustedProxy(peer))
        {
            return peer?.ToString() ?? "unknown";
        }

        var chain = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var client = peer!.ToString();
        for (var i = chain.Length - 1; i >= 0; i--)
        {
            if (!IPEndPoint.TryParse(chain[i], out var entry))
            {
                // Not an address ("unknown", an obfuscated id): the trusted proxy's word for the client is all there is.
                return chain[i];
            }

            client = entry.Address.Unmapped().ToString();
            if (!snapshot.IsTrustedProxy(entry.Address))
            {
                break;
            }
        }

        return client;
    }
}
