namespace Outlay.Gateway.Forwarding;

/// <summary>What went wrong with one attempt, in terms a caller can turn into a status code or a retry decision.</summary>
internal enum ForwarderError
{
    None,

    /// <summary>No connection could be made; nothing was sent, so any request may be retried elsewhere.</summary>
    ConnectFailed,

    /// <summary>The connection did not open within the connect timeout; nothing was sent.</summary>
    ConnectTimeout,

    /// <summary>Sending the request or reading the response head failed (reset, garbage, early close).</summary>
    Protocol,

    /// <summary>No response head within the per-try or overall timeout.</summary>
    Timeout,

    /// <summary>The upstream answered with a status the caller asked to treat as a failure (not yet sent on).</summary>
    RetriableStatus,

    /// <summary>Reading the upstream body failed after the client's response had started; the client stream was aborted.</summary>
    ResponseBody,

    /// <summary>The client went away or stopped sending; never the destination's fault.</summary>
    ClientAborted,

    /// <summary>A WebSocket (or other upgraded) tunnel failed after the switch.</summary>
    UpgradedTunnel,
}

/// <summary>The outcome of one attempt to forward a request to one destination.</summary>
/// <param name="Error">What failed, or <see cref="ForwarderError.None"/>.</param>
/// <param name="StatusCode">The upstream status when a response head arrived, else 0.</param>
/// <param name="RequestBodyStarted">Whether any byte of the client's body was handed to the upstream connection.</param>
/// <param name="ResponseStarted">Whether anything was written to the client.</param>
internal readonly record struct ForwarderResult(ForwarderError Error, int StatusCode, bool RequestBodyStarted, bool ResponseStarted)
{
    /// <summary>Transport-level failures and upstream 5xx count against a destination; client aborts never do.</summary>
    public bool IsDestinationFailure =>
        Error is ForwarderError.ConnectFailed or ForwarderError.ConnectTimeout or ForwarderError.Protocol or ForwarderError.Timeout
            or ForwarderError.ResponseBody or ForwarderError.RetriableStatus
        || (Error == ForwarderError.None && StatusCode >= 500);
}
