namespace Outlay.Gateway.Forwarding;

/// <summary>
/// Sends one request to one destination and streams the answer back. Knows nothing of routes, clusters or
/// retries, so it could be swapped for YARP's <c>IHttpForwarder</c> behind the same calls.
/// </summary>
internal interface IHttpForwarder
{
    /// <summary>
    /// Writes nothing to the client when the attempt fails before a response head arrived (or when the head's
    /// status is one the caller treats as a failure): the caller decides between a retry and an error response.
    /// </summary>
    Task<ForwarderResult> SendAsync(HttpContext context, ForwardedRequest request, HttpMessageInvoker invoker, CancellationToken cancellation);
}
