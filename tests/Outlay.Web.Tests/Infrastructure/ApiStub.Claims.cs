using System.Collections.Concurrent;
using System.Globalization;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// The claims part of the Expenses API (src/Outlay.Expenses/Claims: ClaimEndpoints, ApproverQueue, ClaimWorkflow):
/// the same checks in the same order, so a page meets the answers the real service gives (404 before 428/412,
/// 412 for a stale version, then 403 for the wrong person and 409 for a move the state machine does not allow).
/// </summary>
public sealed partial class ApiStub
{
    private readonly ConcurrentDictionary<Guid, StubClaim> claims = new();

    private sealed record StubClaim(Guid Id, StubCaller Submitter, string Category, string Description, string? Link, decimal Cost, string Currency,
        DateOnly SubmittedOn, string Status, StubCaller? DecidedBy, string? Comment, DateTime CreatedAt, int Version)
    {
        public DateTime? ReimbursedAt { get; init; }
    }

    private sealed record ClaimBody(string? Category, string? Description, string? Link, string? EstimatedCost, string? Currency, DateOnly? SubmittedOn);

    private sealed record DecisionBody(string? Comment);

    partial void MapClaims(RouteGroupBuilder api)
    {
        api.MapGet("/claims", (HttpContext http, string? status) => As(http, caller => Results.Ok(new
        {
            items = claims.Values.Where(c => c.Submitter.Id == caller.Id && (status is null || c.Status == status)).OrderByDescending(c => c.CreatedAt).Select(ClaimJson),
            next = (string?)null,
        })));
        api.MapGet("/claims/queue", (HttpContext http, string? status) => As(http, caller =>
        {
            if (!caller.IsApprover)
            {
                return Results.Problem(statusCode: 403, title: "Forbidden");
            }

            var wanted = (status ?? "pending").ToLowerInvariant();
            if (wanted is not ("pending" or "approved"))
            {
                return StubCaller.Validation(("status", "The queue holds pending claims (to decide) or approved ones (to reimburse)."));
            }

            return Results.Ok(new
            {
                items = claims.Values.Where(c => c.Status == wanted && c.Submitter.Id != caller.Id).OrderBy(c => c.CreatedAt).Select(ClaimJson),
                next = (string?)null,
            });
        }));
        api.MapPost("/claims", (HttpContext http, ClaimBody body) => As(http, caller =>
        {
            var (values, problem) = ValidateClaim(body, start: null);
            if (values is null)
            {
                return problem!;
            }

            var claim = new StubClaim(Guid.NewGuid(), caller, values.Category, values.Description, values.Link, values.Cost, values.Currency, values.SubmittedOn,
                "pending", null, null, DateTime.UtcNow, 1);
            claims[claim.Id] = claim;
            return Results.Created($"/api/claims/{claim.Id}", ClaimJson(claim));
        }));
        api.MapGet("/claims/{id:guid}", (HttpContext http, Guid id) => As(http, caller =>
            claims.TryGetValue(id, out var claim) && CanSee(claim, caller) ? Results.Ok(ClaimJson(claim)) : Results.NotFound()));
        api.MapPut("/claims/{id:guid}", (HttpContext http, Guid id, ClaimBody body) => As(http, caller =>
        {
            if (!claims.TryGetValue(id, out var claim) || !CanSee(claim, caller))
            {
                return Results.NotFound();
            }

            if (ClaimPrecondition(http, claim) is { } failed)
            {
                return failed;
            }

            var (values, problem) = ValidateClaim(body, start: claim);
            if (values is null)
            {
                return problem!;
            }

            if (claim.Submitter.Id != caller.Id)
            {
                return Results.Problem(statusCode: 403, title: "Only the submitter may change a claim.", detail: "Ask another approver.");
            }

            if (claim.Status != "pending")
            {
                return Results.Problem(statusCode: 409, title: $"A {claim.Status} claim cannot be edited.",
                    detail: "Claims move from pending to approved or rejected, and from approved to reimbursed; only pending claims are edited or withdrawn.");
            }

            claims[id] = claim = claim with
            {
                Category = values.Category,
                Description = values.Description,
                Link = values.Link,
                Cost = values.Cost,
                Currency = values.Currency,
                SubmittedOn = values.SubmittedOn,
                Version = claim.Version + 1,
            };
            return Results.Ok(ClaimJson(claim));
        }));
        api.MapDelete("/claims/{id:guid}", (HttpContext http, Guid id) => As(http, caller =>
            claims.TryGetValue(id, out var claim) && claim.Submitter.Id == caller.Id
                ? claim.Status != "pending" ? Results.Problem(statusCode: 409, title: $"A {claim.Status} claim cannot be withdrawn.")
                : claims.TryRemove(id, out _) ? Results.NoContent() : Results.NotFound()
                : Results.NotFound()));
        api.MapPost("/claims/{id:guid}/{decision}", (HttpContext http, Guid id, string decision, DecisionBody? body) => As(http, caller =>
        {
            if (decision is not ("approve" or "reject" or "reimburse"))
            {
                return Results.NotFound();
            }

            if (!caller.IsApprover)
            {
                return Results.Problem(statusCode: 403, title: "Forbidden");
            }

            if (decision == "reject" && string.IsNullOrWhiteSpace(body?.Comment))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = ["This field is required."] }, title: "A rejection needs a reason in 'comment'.");
            }

            if (!claims.TryGetValue(id, out var claim))
            {
                return Results.NotFound();
            }

            if (ClaimPrecondition(http, claim) is { } failed)
            {
                return failed;
            }

            if (claim.Submitter.Id == caller.Id)
            {
                return Results.Problem(statusCode: 403, title: "Nobody decides on a claim of their own.", detail: "Ask another approver.");
            }

            var next = (claim.Status, decision) switch
            {
                ("pending", "approve") => "approved",
                ("pending", "reject") => "rejected",
                ("approved", "reimburse") => "reimbursed",
                _ => null,
            };
            if (next is null)
            {
                return Results.Problem(statusCode: 409, title: $"A {claim.Status} claim cannot be {decision}d.");
            }

            claims[id] = claim = decision == "reimburse"
                ? claim with { Status = next, ReimbursedAt = DateTime.UtcNow, Version = claim.Version + 1 }
                : claim with { Status = next, DecidedBy = caller, Comment = body?.Comment, Version = claim.Version + 1 };
            return Results.Ok(ClaimJson(claim));
        }));
    }

    private static bool CanSee(StubClaim claim, StubCaller caller) => caller.IsApprover || claim.Submitter.Id == caller.Id;

    /// <summary>IfMatch.Check of ServiceDefaults: 428 without If-Match, 412 when it names another version.</summary>
    private static IResult? ClaimPrecondition(HttpContext http, StubClaim claim)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return Results.Problem(statusCode: 428, title: "An If-Match header is required.");
        }

        return ifMatch == "*" || ifMatch == $"\"{claim.Version}\"" ? null : Results.Problem(statusCode: 412, title: "The claim was changed by someone else.", detail: "Reload it and apply your change again.");
    }

    private sealed record ClaimValues(string Category, string Description, string? Link, decimal Cost, string Currency, DateOnly SubmittedOn);

    /// <summary>ClaimValidation: POST and PUT replace every field; absent currency keeps the claim's (or the default), absent date is today.</summary>
    private static (ClaimValues? Values, IResult? Problem) ValidateClaim(ClaimBody body, StubClaim? start)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(body.Category))
        {
            errors.Add(("category", "This field is required."));
        }

        if (string.IsNullOrWhiteSpace(body.Description))
        {
            errors.Add(("description", "This field is required."));
        }

        if (!decimal.TryParse(body.EstimatedCost, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost) || cost <= 0)
        {
            errors.Add(("estimatedCost", "An amount is a decimal number such as \"700\" or \"12.34\"."));
        }

        if (body.Link is { } link && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add(("link", "A link is an absolute http or https URL."));
        }

        var submittedOn = body.SubmittedOn ?? Today;
        if (submittedOn > Today.AddDays(1))
        {
            errors.Add(("submittedOn", "The submit date cannot be in the future."));
        }

        return errors.Count > 0
            ? (null, StubCaller.Validation([.. errors]))
            : (new ClaimValues(body.Category!.Trim(), body.Description!.Trim(), body.Link, cost, body.Currency ?? start?.Currency ?? "EUR", submittedOn), null);
    }

    private static object ClaimJson(StubClaim c) => new
    {
        id = c.Id,
        submitter = new { id = c.Submitter.Id, name = c.Submitter.Name, email = c.Submitter.Email },
        category = c.Category,
        description = c.Description,
        link = c.Link,
        estimatedCost = c.Cost.ToString("0.00", CultureInfo.InvariantCulture),
        currency = c.Currency,
        submittedOn = c.SubmittedOn,
        status = c.Status,
        decidedAt = c.DecidedBy is null ? (DateTime?)null : DateTime.UtcNow,
        decisionDate = c.DecidedBy is null ? (DateOnly?)null : Today,
        decidedBy = c.DecidedBy is null ? null : new { id = c.DecidedBy.Id, name = c.DecidedBy.Name, email = (string?)null },
        decisionComment = c.Comment,
        reimbursedAt = c.ReimbursedAt,
        createdAt = c.CreatedAt,
        updatedAt = c.CreatedAt,
        version = c.Version,
    };
}
