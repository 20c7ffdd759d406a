using System.Net;

namespace Outlay.Gateway.Discovery;

/// <summary>Looks a name up in DNS. A seam of its own so that tests can play the answers of a headless service changing.</summary>
internal class HostResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellation) => Dns.GetHostAddressesAsync(host, cancellation);
}
