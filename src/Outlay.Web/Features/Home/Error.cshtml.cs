using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Home;

/// <summary>
/// Every failure a person can meet ends here as a page, never as a stack trace: unhandled exceptions
/// (re-executed by the exception handler) and bare status codes (404, 403, 413 ...).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : OutlayPage
{
    public int Status { get; private set; }

    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Status = status ?? (failure is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        Response.StatusCode = Status;
        (Heading, Explanation) = Status switch
        {
            404 => ("Page not found", "The address may be mistyped, or the thing it pointed to is gone."),
            403 => ("Not allowed", "Your account cannot open this page."),
            400 => ("That request could not be handled", "Please go back and try again."),
            413 => ("That file is too large", "Please choose a smaller file."),
            _ => ("Something went wrong on our side", "Please try again in a moment. If it keeps happening, tell the operators the time it happened."),
        };
    }
}
