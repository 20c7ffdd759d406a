using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

using Outlay.Web.Api;
using Outlay.Web.Session;

namespace Outlay.Web.Features.Shared;

/// <summary>
/// What every page does with an API problem: field errors next to their inputs, a message for the rest, a
/// friendly notice (and 503) when a backend is down, and a fresh sign-in when the session is no longer valid.
/// </summary>
public abstract class OutlayPage : PageModel
{
    /// <summary>A one-time message after a redirect ("Expense saved.").</summary>
    [TempData]
    public string? Flash { get; set; }

    /// <summary>A message about this request's failure, announced to screen readers.</summary>
    public string? Alert { get; protected set; }

    /// <summary>Set when a backend did not answer: the page shows what it can and says so.</summary>
    public bool BackendUnavailable { get; private set; }

    protected void ShowProblem(ApiProblem problem, FieldMap? fields = null)
    {
        BackendUnavailable |= problem.IsUnavailable;
        if (!problem.IsValidation)
        {
            Alert = problem.Message;
            return;
        }

        foreach (var (field, messages) in problem.Errors)
        {
            var key = fields?.Resolve(field);
            foreach (var message in messages)
            {
                ModelState.AddModelError(key ?? "", key is null ? $"{field}: {message}" : message);
            }
        }

        Alert = problem.Title;
    }

    /// <summary>
    /// Shows the problem on this page (after <paramref name="reload"/> fetched what the page lists) with a status
    /// code that says what happened; a 401 means the session ended, so it signs out and asks to sign in again.
    /// </summary>
    protected async Task<IActionResult> ProblemAsync(ApiProblem problem, FieldMap? fields = null, Func<Task>? reload = null)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            return await SessionEndedAsync();
        }

        if (reload is not null)
        {
            await reload();
        }

        return ProblemPage(problem, fields);
    }

    /// <summary>Shows the problem on this page with a status code that says what happened (503 when a backend is down).</summary>
    protected PageResult ProblemPage(ApiProblem problem, FieldMap? fields = null)
    {
        ShowProblem(problem, fields);
        Response.StatusCode = problem.IsUnavailable ? StatusCodes.Status503ServiceUnavailable
            : problem.Status is >= 400 and < 500 ? problem.Status : StatusCodes.Status502BadGateway;
        return Page();
    }

    protected async Task<IActionResult> SessionEndedAsync()
    {
        await SessionSignIn.SignOutAsync(HttpContext);
        return RedirectToPage("/Account/SignIn", new { returnUrl = Request.Path + Request.QueryString });
    }

    /// <summary>After a successful change: say so once and show the page fresh (POST-redirect-GET).</summary>
    protected RedirectToPageResult Done(string message, string? page = null, object? routeValues = null)
    {
        Flash = message;
        return page is null ? RedirectToPage(routeValues) : RedirectToPage(page, routeValues);
    }
}
