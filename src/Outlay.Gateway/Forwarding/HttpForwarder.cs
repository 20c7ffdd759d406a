using System.Buffers;
using System.Net;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Outlay.Gateway.Forwarding;

/// <inheritdoc cref="IHttpForwarder"/>
internal sealed class HttpForwarder : IHttpForwarder
{
    private const int BufferSize = 64 * 1024;

    public async Task<ForwarderResult> SendAsync(HttpContext context, ForwardedRequest request, HttpMessageInvoker invoker, CancellationToken cancellation)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var isUpgrade = upgrade is { IsUpgradableRequest: true } && WebSocketUpgrade.IsWebSocket(context.Request);
        using var message = new HttpRequestMessage(HttpMethod.Parse(context.Request.Method), request.Target)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        StreamingRequestContent? streamed = null;
        if (request.BufferedBody is { } buffered)
        {
            message.Content = new ByteArrayContent(buffered);
        }
        else if (!isUpgrade && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            message.Content = streamed = new StreamingRequestContent(context.Request.Body);
        }

        RequestHeaderCopier.Copy(context, message, request, isUpgrade);

        HttpResponseMessage response;
        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellation, context.RequestAborted))
        {
            // Like Envoy, the clock starts once the request is complete: an upload's own duration is not a timeout.
            if (streamed is null)
            {
                attempt.CancelAfter(request.PerTryTimeout);
            }
            else
            {
                streamed.Completed += () => StartClock(attempt, request.PerTryTimeout);
            }

            try
            {
                response = await invoker.SendAsync(message, attempt.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                return new ForwarderResult(Classify(ex, context, streamed), 0, streamed?.Started ?? false, ResponseStarted: false);
            }
        }

        using (response)
        {
            var bodyStarted = streamed?.Started ?? false;
            var status = (int)response.StatusCode;
            if (isUpgrade && response.StatusCode == HttpStatusCode.SwitchingProtocols)
            {
                return await WebSocketUpgrade.TunnelAsync(context, upgrade!, response);
            }

            if (request.TreatAsFailure?.Invoke(status) == true)
            {
                return new ForwarderResult(ForwarderError.RetriableStatus, status, bodyStarted, ResponseStarted: false);
            }

            context.Response.StatusCode = status;
            ResponseHeaderCopier.Copy(response, context.Response, keepUpgrade: false);
            var error = await CopyBodyAsync(context, response);
            if (error == ForwarderError.Protocol)
            {
                // Nothing reached the client yet, so the caller can still answer 502 (or retry).
                context.Response.Clear();
            }

            return new ForwarderResult(error, status, streamed?.Started ?? false, ResponseStarted: error != ForwarderError.Protocol);
        }
    }

    /// <summary>The body may finish after an early response, when the attempt's token source is already gone.</summary>
    private static void StartClock(CancellationTokenSource attempt, TimeSpan timeout)
    {
        try
        {
            attempt.CancelAfter(timeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static ForwarderError Classify(Exception ex, HttpContext context, StreamingRequestContent? streamed)
    {
        if (context.RequestAborted.IsCancellationRequested || (streamed?.ClientFailed ?? false))
        {
            return ForwarderError.ClientAborted;
        }

        if (ex is OperationCanceledException)
        {
            return ex.InnerException is TimeoutException && streamed?.Started != true ? ForwarderError.ConnectTimeout : ForwarderError.Timeout;
        }

        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
        {
            return ex.InnerException is OperationCanceledException { InnerException: TimeoutException } or TimeoutException
                ? ForwarderError.ConnectTimeout
                : ForwarderError.ConnectFailed;
        }

        return ForwarderError.Protocol;
    }

    /// <summary>
    /// Streams the upstream body through one pooled buffer; the head goes out with the first chunk (one write for
    /// small answers). Once the client has received the head, a broken upstream aborts the client's connection:
    /// ending the response normally would pass a truncated body off as whole. Before that it is a plain 502.
    /// </summary>
    private static async Task<ForwarderError> CopyBodyAsync(HttpContext context, HttpResponseMessage response)
    {
        var aborted = context.RequestAborted;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var source = await response.Content.ReadAsStreamAsync(aborted);
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, aborted);
                }
                catch (Exception) when (!aborted.IsCancellationRequested)
                {
                    if (!context.Response.HasStarted)
                    {
                        return ForwarderError.Protocol;
                    }

                    context.Abort();
                    return ForwarderError.ResponseBody;
                }

                if (read == 0)
                {
                    await context.Response.CompleteAsync();
                    return ForwarderError.None;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ConnectionAbortedException)
        {
            context.Abort();
            return ForwarderError.ClientAborted;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
