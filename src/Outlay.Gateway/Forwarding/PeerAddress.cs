using System.Net;

namespace Outlay.Gateway.Forwarding;

/// <summary>The address of the other end of a connection, as people write it.</summary>
internal static class PeerAddress
{
    /// <summary>
    /// A dual-mode socket (Kestrel on <c>http://+:8080</c>, as in the images) reports IPv4 clients as <c>::ffff:a.b.c.d</c>;
    /// headers, rate-limit keys and trust checks use the plain IPv4 form so that one client has one address.
    /// </summary>
    public static IPAddress Unmapped(this IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public static IPAddress? Of(HttpContext context) => context.Connection.RemoteIpAddress?.Unmapped();
}
