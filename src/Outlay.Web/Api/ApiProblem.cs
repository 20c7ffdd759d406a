using System.Net;

namespace Outlay.Web.Api;

/// <summary>
/// What went wrong with one API call: an RFC 9457 problem from a service (with its field errors), or, with
/// <see cref="IsUnavailable"/>, a backend that could not be reached or did not answer in time.
/// </summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>No HTTP answer at all (connection refused, timeout), or the gateway saying the service is not there (502/503/504).</summary>
    public bool IsUnavailable => Status is 0 or (int)HttpStatusCode.BadGateway or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.GatewayTimeout;

    /// <summary>Field errors: 400 for a malformed value, 422 for one the service refused on its data (Ordering's "only 2 available").</summary>
    public bool IsValidation => Status is (int)HttpStatusCode.BadRequest or (int)HttpStatusCode.UnprocessableEntity && Errors.Count > 0;

    public static ApiProblem Unreachable(string detail) =>
        new(0, "The service is not answering right now.", detail, NoErrors);

    /// <summary>The message to show a person: the problem's title and detail, or a plain one for a backend that is down.</summary>
    public string Message => IsUnavailable
        ? "This part of Outlay is not available right now. Your data is safe; please try again in a moment."
        : Detail is { Length: > 0 } detail ? $"{Title} {detail}" : Title;
}
