using System.Net;
using System.Net.Sockets;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>HTTP clients that connect from a chosen loopback address, so that one machine plays several clients.</summary>
internal static class LoopbackClient
{
    /// <param name="address">Any address of 127.0.0.0/8: Linux answers for the whole range on the loopback interface.</param>
    public static HttpClient From(string address, Uri server) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
}
