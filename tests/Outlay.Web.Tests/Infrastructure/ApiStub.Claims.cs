using System.Collections.Concurrent;
using System.Globalization;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>The claims part of the Expenses API (ClaimEndpoints and ApproverQueue on the expenses branch).</summary>
public sealed partial class ApiStub
{
    private readonly ConcurrentDictionary<Guid, StubClaim> claims = new();

    private sealed record StubClaim(Guid Id, StubCaller Submitter, string Category, string Description, string? Link, decimal Cost, string Currency,
        DateOnly SubmittedOn, string Status, StubCaller? DecidedBy, string? Comment, DateTime CreatedAt, int Version);

    private sealed record ClaimBody(string? Category, string? Description, string? Link, string? EstimatedCost, string? Currency);

    private sealed record DecisionBody(string? Comment);

    partial void MapClaims(RouteGroupBuilder api)
    {
        api.MapGet("/claims", (HttpContext http, string? status) => As(http, caller => Results.Ok(new
        {
            items = claims.Values.Where(c => c.Submitter.Id == caller.Id && (status is null || c.Status == status)).OrderByDescending(c => c.CreatedAt).Select(ClaimJson),
            next = (string?)null,
        })));
        api.MapGet("/claims/queue", (HttpContext http) => As(http, caller => !caller.IsApprover
            ? Results.Problem(statusCode: 403, title: "Forbidden")
            : Results.Ok(new
            {
                items = claims.Values.Where(c => c.Status == "pending" && c.Submitter.Id != caller.Id).OrderBy(c => c.CreatedAt).Select(ClaimJson),
                next = (string?)null,
            })));
        api.MapPost("/claims", (HttpContext http, ClaimBody body) => As(http, caller =>
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
                errors.Add(("estimatedCost", "An amount is a decimal number such as \"12.34\"."));
            }

            if (errors.Count > 0)
            {
                return StubCaller.Validation([.. errors]);
            }

            var claim = new StubClaim(Guid.NewGuid(), caller, body.Category!.Trim(), body.Description!.Trim(), body.Link, cost, body.Currency ?? "EUR", Today, "pending", null, null, DateTime.UtcNow, 1);
            claims[claim.Id] = claim;
            return Results.Created($"/api/claims/{claim.Id}", ClaimJson(claim));
        }));
        api.MapDelete("/claims/{id:guid}", (HttpContext http, Guid id) => As(http, caller =>
            claims.TryGetValue(id, out var claim) && claim.Submitter.Id == caller.Id
                ? claim.Status != "pending" ? Results.Problem(statusCode: 409, title: $"A {claim.Status} claim cannot be withdrawn.")
                : claims.TryRemove(id, out _) ? Results.NoContent() : Results.NotFound()
                : Results.NotFound()));
        api.MapPost("/claims/{id:guid}/{decision}", (HttpContext http, Guid id, string decision, DecisionBody? body) => As(http, caller =>
        {
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

            if (http.Request.Headers.IfMatch.ToString() != $"\"{claim.Version}\"")
            {
                return Results.Problem(statusCode: 412, title: "The claim was changed by someone else.");
            }

            if (claim.Status != "pending")
            {
                return Results.Problem(statusCode: 409, title: $"A {claim.Status} claim cannot be decided.");
            }

            claims[id] = claim = claim with { Status = decision == "approve" ? "approved" : "rejected", DecidedBy = caller, Comment = body?.Comment, Version = claim.Version + 1 };
            return Results.Ok(ClaimJson(claim));
        }));
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
        createdAt = c.CreatedAt,
        updatedAt = c.CreatedAt,
        version = c.Version,
    };
}
