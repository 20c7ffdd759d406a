using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Outlay.ServiceDefaults.Http;

/// <summary>
/// Optimistic concurrency over HTTP: a change must name the version it was made on (<c>If-Match</c> with the
/// ETag the client read), so a stale edit never silently overwrites a newer one.
/// </summary>
public static class IfMatch
{
    /// <summary>Null when the request may proceed; 428 without <c>If-Match</c>, 412 when it names another version.</summary>
    public static ProblemHttpResult? Check(HttpRequest request, string currentETag, string resource)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired,
                title: "An If-Match header is required.", detail: $"Send the ETag of the {resource} you edited, so that a newer change is not overwritten.");
        }

        var current = new EntityTagHeaderValue(currentETag);
        return ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true))
            ? null
            : PreconditionFailed(resource);
    }

    public static ProblemHttpResult PreconditionFailed(string resource) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
            title: $"The {resource} was changed by someone else.", detail: "Reload it and apply your change again.");
}
