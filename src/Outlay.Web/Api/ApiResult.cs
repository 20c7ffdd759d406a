using System.Diagnostics.CodeAnalysis;

namespace Outlay.Web.Api;

/// <summary>The outcome of an API call without a body of interest.</summary>
public class ApiResult(ApiProblem? problem, string? etag)
{
    public ApiProblem? Problem { get; } = problem;

    /// <summary>The resource's version (the response's ETag), to send back as If-Match on the next change.</summary>
    public string? ETag { get; } = etag;

    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;
}

/// <summary>The outcome of an API call: the response body, or the problem.</summary>
public sealed class ApiResult<T>(T? value, ApiProblem? problem, string? etag) : ApiResult(problem, etag)
{
    public T? Value { get; } = value;

    [MemberNotNullWhen(true, nameof(Value))]
    public new bool Succeeded => Problem is null && Value is not null;
}
