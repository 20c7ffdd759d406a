using System.Net;
using System.Net.Sockets;

namespace Outlay.AppHost.Launch;

/// <summary>
/// Hands out loopback ports: consecutive ones from a fixed base, or free ones found by letting the OS
/// pick (bind to port 0, read the port, release it). A released port can in theory be taken again
/// before the service binds it; the restart loop covers that rare case.
/// </summary>
internal sealed class PortAllocator(int? portBase)
{
    private readonly HashSet<int> _given = [];
    private int _next = portBase ?? 0;

    public int Next()
    {
        while (true)
        {
            var port = portBase is null ? FreePort() : _next++;
            if (_given.Add(port))
            {
                return port;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
