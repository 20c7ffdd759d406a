using System.Net;
using System.Net.Sockets;

namespace Outlay.Deploy.Tests.Infrastructure;

internal static class Loopback
{
    /// <summary>A port free on 127.0.0.1 a moment ago, for a server the test starts and that cannot pick one itself.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
