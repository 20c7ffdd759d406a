using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Expenses;
using Outlay.Expenses.Infrastructure;
using Outlay.Expenses.Settings;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Validation;

using Claim = Outlay.Expenses.Claims.Claim;

namespace Outlay.Expenses.Claims;

/// <summary>
/// <c>/api/claims</c>: submitters file, list, edit and withdraw their claims; approvers and admins read any
/// claim and decide those of others. Every change needs <c>If-Match</c>; a move the state machine does not
/// allow is 409.
/// </summary>
public static class ClaimEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapClaimEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/claims").WithTags("Claims");
        var submitters = group.MapGroup("").RequireAuthorization(OutlayPolicies.User);
        submitters.MapGet("/", ListMine);
        submitters.MapPost("/", Submit);
        submitters.MapGet("/{id:guid}", Get);
        submitters.MapPut("/{id:guid}", Edit);
        submitters.MapDelete("/{id:guid}", Withdraw);
        var approvers = group.MapGroup("").RequireAuthorization(OutlayPolicies.Approver);
        approvers.MapGet("/queue", ApproverQueue.List);
        approvers.MapPost("/{id:guid}/approve", Approve);
        approvers.MapPost("/{id:guid}/reject", Reject);
        approvers.MapPost("/{id:guid}/reimburse", Reimburse);
        return app;
    }

    /// <summary>The caller's own claims, newest first.</summary>
    public static async Task<Results<Ok<Page<ClaimResponse>>, ValidationProblem>> ListMine(
        string? status, int? limit, string? cursor, ClaimsPrincipal user, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        ClaimStatus? wanted = null;
        if (status is not null)
        {
            // Exact names only: Enum.TryParse would also take numbers and comma-separated combinations.
            if (Enum.GetValues<ClaimStatus>().Where(s => string.Equals(ClaimWorkflow.Describe(s), status, StringComparison.OrdinalIgnoreCase)).Select(s => (ClaimStatus?)s).FirstOrDefault() is { } parsed)
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", "One of pending, approved, rejected, reimbursed.");
            }
        }

        var position = ClaimCursor.Check(cursor, limit, MaxPageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var userId = user.UserId();
        var query = db.Claims.AsNoTracking().Where(c => c.SubmitterId == userId);
        if (wanted is { } s)
        {
            query = query.Where(c => c.Status == s);
        }

        if (position is { } p)
        {
            query = query.Where(c => c.CreatedAt < p.CreatedAt || (c.CreatedAt == p.CreatedAt && c.Id.CompareTo(p.Id) < 0));
        }

        var size = limit ?? DefaultPageSize;
        var rows = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(size + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(ClaimCursor.PageOf(rows, size));
    }

    public static async Task<Results<Created<ClaimResponse>, ValidationProblem>> Submit(
        ClaimInput input, ClaimsPrincipal user, UserCalendar calendar, ClaimService claims, HttpResponse response, CancellationToken cancellationToken)
    {
        var settings = await calendar.ForAsync(user.UserId(), cancellationToken);
        var (name, email) = await claims.ContactOfAsync(user.UserId(), user.DisplayName(), user.Email(), cancellationToken);
        var start = new ClaimValues(name, email, "", "", null, 0, settings.Currency, settings.Today);
        var (values, errors) = ClaimValidation.Validate(Draft(input), start, settings.Today, ClaimFieldNames.Api, requireCost: true);
        if (values is null)
        {
            return errors.ToProblem();
        }

        var claim = await claims.SubmitAsync(user.UserId(), values, contactFromProfile: true, cancellationToken);
        response.Headers.ETag = claim.ETag;
        return TypedResults.Created($"/api/claims/{claim.Id}", ClaimResponse.From(claim));
    }

    public static async Task<Results<Ok<ClaimResponse>, NotFound>> Get(Guid id, ClaimsPrincipal user, ClaimService claims, HttpResponse response, CancellationToken cancellationToken)
    {
        var claim = await claims.FindAsync(id, user.Actor(), cancellationToken);
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ETag = claim.ETag;
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    /// <summary>Replaces the claim's fields while it is pending (submitter only).</summary>
    public static async Task<Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Edit(
        Guid id, ClaimInput input, ClaimsPrincipal user, UserCalendar calendar, ClaimService claims, HttpContext http, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var claim = await claims.FindAsync(id, actor, cancellationToken);
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        if (IfMatch.Check(http.Request, claim.ETag, "claim") is { } failed)
        {
            return failed;
        }

        var settings = await calendar.ForAsync(actor.UserId, cancellationToken);
        var start = ClaimValues.Of(claim) with { Category = "", Description = "", Link = null, SubmittedOn = settings.Today };
        var (values, errors) = ClaimValidation.Validate(Draft(input), start, settings.Today, ClaimFieldNames.Api, requireCost: true);
        if (values is null)
        {
            return errors.ToProblem();
        }

        return await Respond(await claims.EditAsync(claim, values, actor, cancellationToken), claim, http.Response, ClaimAction.Edit);
    }

    public static async Task<Results<NoContent, ProblemHttpResult, NotFound>> Withdraw(
        Guid id, ClaimsPrincipal user, ClaimService claims, HttpRequest request, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var claim = await claims.FindAsync(id, actor, cancellationToken);
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        if (IfMatch.Check(request, claim.ETag, "claim") is { } failed)
        {
            return failed;
        }

        return await claims.WithdrawAsync(claim, actor, cancellationToken) switch
        {
            ClaimChange.Done => TypedResults.NoContent(),
            ClaimChange.NotFound => TypedResults.NotFound(),
            var other => Problem(other, claim, ClaimAction.Withdraw),
        };
    }

    public static Task<Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Approve(
        Guid id, DecisionInput? input, ClaimsPrincipal user, ClaimService claims, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, ClaimAction.Approve, input?.Comment, user, claims, http, cancellationToken);

    public static Task<Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Reject(
        Guid id, DecisionInput? input, ClaimsPrincipal user, ClaimService claims, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, ClaimAction.Reject, input?.Comment, user, claims, http, cancellationToken);

    public static Task<Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Reimburse(
        Guid id, DecisionInput? input, ClaimsPrincipal user, ClaimService claims, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, ClaimAction.Reimburse, input?.Comment, user, claims, http, cancellationToken);

    private static async Task<Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult, NotFound>> DecideAsync(
        Guid id, ClaimAction action, string? comment, ClaimsPrincipal user, ClaimService claims, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().MaxLength("comment", comment, ClaimRules.CommentMaxLength);
        if (action == ClaimAction.Reject)
        {
            errors.Required("comment", comment);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem(action == ClaimAction.Reject ? "A rejection needs a reason in 'comment'." : "One or more fields are invalid.");
        }

        var actor = user.Actor();
        var claim = await claims.FindAsync(id, actor, cancellationToken);
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        if (IfMatch.Check(http.Request, claim.ETag, "claim") is { } failed)
        {
            return failed;
        }

        var result = await claims.DecideAsync(claim, action, actor, user.DisplayName(), string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), cancellationToken);
        return await Respond(result, claim, http.Response, action);
    }

    private static Task<Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Respond(ClaimChange result, Claim claim, HttpResponse response, ClaimAction action)
    {
        Results<Ok<ClaimResponse>, ValidationProblem, ProblemHttpResult, NotFound> outcome = result switch
        {
            ClaimChange.Done => Ok(claim, response),
            ClaimChange.NotFound => TypedResults.NotFound(),
            var other => Problem(other, claim, action),
        };
        return Task.FromResult(outcome);
    }

    private static Ok<ClaimResponse> Ok(Claim claim, HttpResponse response)
    {
        response.Headers.ETag = claim.ETag;
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    internal static ProblemHttpResult Problem(ClaimChange change, Claim claim, ClaimAction action) => change switch
    {
        ClaimChange.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: action is ClaimAction.Edit or ClaimAction.Withdraw ? "Only the submitter may change a claim." : "Nobody decides on a claim of their own.",
            detail: "Ask another approver."),
        ClaimChange.Stale => IfMatch.PreconditionFailed("claim"),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: $"A {ClaimWorkflow.Describe(claim.Status)} claim cannot be {Verb(action)}.",
            detail: "Claims move from pending to approved or rejected, and from approved to reimbursed; only pending claims are edited or withdrawn."),
    };

    private static string Verb(ClaimAction action) => action switch
    {
        ClaimAction.Edit => "edited",
        ClaimAction.Withdraw => "withdrawn",
        ClaimAction.Approve => "approved",
        ClaimAction.Reject => "rejected",
        _ => "reimbursed",
    };

    private static ClaimDraft Draft(ClaimInput input) =>
        new(null, null, input.Category, input.Description, input.Link, input.EstimatedCost, input.Currency, input.SubmittedOn);
}
