using System.Text.Json;

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Outlay.ServiceDefaults.Problems;

/// <summary>
/// Turns every exception that reaches the pipeline into an RFC 9457 response. Client mistakes
/// (malformed JSON, wrong types, oversized bodies) keep their 4xx status and say which field was wrong;
/// anything else is a 500 that names no exception, stack frame or SQL.
/// </summary>
internal sealed partial class ExceptionToProblemHandler(IProblemDetailsService problems, ILogger<ExceptionToProblemHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The server could not complete the request. Quote the trace id when reporting it.",
            };
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request body is too large.",
                Detail = bad.Message,
            };
        }

        if (FindJsonException(bad) is { } json)
        {
            var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = [DescribeJsonError(json)],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is not valid JSON for this operation.",
            };
        }

        return new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status400BadRequest ? "The request is malformed." : "The request could not be processed.",
            Detail = SafeBindingMessage(bad.Message),
        };
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    private static string DescribeJsonError(JsonException json) =>
        json.InnerException is InvalidOperationException or FormatException || json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "The value has the wrong type or format."
            : "The JSON is malformed.";

    // Binding messages name parameters and types, never data; keep only the first sentence.
    private static string SafeBindingMessage(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
