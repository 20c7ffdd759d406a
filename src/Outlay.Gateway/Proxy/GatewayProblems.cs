using Microsoft.AspNetCore.Mvc;

namespace Outlay.Gateway.Proxy;

/// <summary>The gateway's own answers (401, 403, 404, 405, 429, 502, 503, 504) as RFC 9457 problems.</summary>
internal static class GatewayProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
        if (!written)
        {
            // The client accepts no JSON; it still gets the reason.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(title);
        }
    }
}
