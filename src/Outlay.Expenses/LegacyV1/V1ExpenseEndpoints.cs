using System.Globalization;
using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;

using Outlay.Expenses.Claims;
using Outlay.Expenses.Settings;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.LegacyV1;

/// <summary>
/// Seed 004's <c>/v1/expenses</c> API, kept exactly (201/200/202/204, string fields, MM-dd-yyyy), over the
/// claims. The seed had no authentication; here a bearer token with the <c>user</c> role is required, the
/// token's subject owns the record, and <c>name</c>/<c>email</c> are taken from the body as the seed did
/// (from the token when absent). Only the owner reads, changes or deletes a record; approvers and admins may
/// read any. Changes follow the claim workflow (409 once decided) without If-Match, as in the seed.
/// </summary>
public static class V1ExpenseEndpoints
{
    public static IEndpointRouteBuilder MapV1ExpenseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/expenses").RequireAuthorization(OutlayPolicies.User).WithTags("Seed 004 compatibility (v1)");
        group.MapPost("/", Create);
        group.MapGet("/{id}", Get);
        group.MapPut("/{id}", Update);
        group.MapDelete("/{id}", Delete);
        return app;
    }

    public static async Task<Results<Created<V1ExpenseRecord>, ValidationProblem>> Create(
        V1ExpenseInput input, ClaimsPrincipal user, UserCalendar calendar, ClaimService claims, CancellationToken cancellationToken)
    {
        var settings = await calendar.ForAsync(user.UserId(), cancellationToken);
        var (name, email) = await claims.ContactOfAsync(user.UserId(), user.DisplayName(), user.Email(), cancellationToken);
        var start = new ClaimValues(name, email, "", "", null, 0, settings.Currency, settings.Today);
        var (values, errors) = Validate(input, start, settings.Today, requireCost: true);
        if (values is null)
        {
            return errors.ToProblem();
        }

        var typedIn = input.Name is not null || input.Email is not null;
        var claim = await claims.SubmitAsync(user.UserId(), values, contactFromProfile: !typedIn, cancellationToken);
        return TypedResults.Created($"/v1/expenses/{claim.Id}", V1ExpenseRecord.From(claim));
    }

    public static async Task<Results<Ok<V1ExpenseRecord>, NotFound>> Get(string id, ClaimsPrincipal user, ClaimService claims, CancellationToken cancellationToken)
    {
        var claim = Guid.TryParse(id, out var claimId) ? await claims.FindAsync(claimId, user.Actor(), cancellationToken) : null;
        return claim is null ? TypedResults.NotFound() : TypedResults.Ok(V1ExpenseRecord.From(claim));
    }

    /// <summary>A partial update (only the fields sent change) → 202 with the record.</summary>
    public static async Task<Results<Accepted<V1ExpenseRecord>, ValidationProblem, ProblemHttpResult, NotFound>> Update(
        string id, V1ExpenseInput input, ClaimsPrincipal user, UserCalendar calendar, ClaimService claims, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var claim = Guid.TryParse(id, out var claimId) ? await claims.FindAsync(claimId, actor, cancellationToken) : null;
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        var settings = await calendar.ForAsync(actor.UserId, cancellationToken);
        var (values, errors) = Validate(input, ClaimValues.Of(claim), settings.Today, requireCost: false);
        if (values is null)
        {
            return errors.ToProblem();
        }

        if (input.Name is not null || input.Email is not null)
        {
            claim.ContactFromProfile = false; // typed in now: profile changes no longer overwrite them
        }

        return await claims.EditAsync(claim, values, actor, cancellationToken) switch
        {
            ClaimChange.Done => TypedResults.Accepted($"/v1/expenses/{claim.Id}", V1ExpenseRecord.From(claim)),
            ClaimChange.NotFound => TypedResults.NotFound(),
            var other => ClaimEndpoints.Problem(other, claim, ClaimAction.Edit),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult, NotFound>> Delete(string id, ClaimsPrincipal user, ClaimService claims, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var claim = Guid.TryParse(id, out var claimId) ? await claims.FindAsync(claimId, actor, cancellationToken) : null;
        if (claim is null)
        {
            return TypedResults.NotFound();
        }

        return await claims.WithdrawAsync(claim, actor, cancellationToken) switch
        {
            ClaimChange.Done => TypedResults.NoContent(),
            ClaimChange.NotFound => TypedResults.NotFound(),
            var other => ClaimEndpoints.Problem(other, claim, ClaimAction.Withdraw),
        };
    }

    private static (ClaimValues? Values, ValidationErrors Errors) Validate(V1ExpenseInput input, ClaimValues start, DateOnly today, bool requireCost)
    {
        DateOnly? submitDate = null;
        var dateError = false;
        if (input.SubmitDate is not null)
        {
            if (DateOnly.TryParseExact(input.SubmitDate.Trim(), V1ExpenseRecord.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                submitDate = parsed;
            }
            else
            {
                dateError = true;
            }
        }

        var draft = new ClaimDraft(input.Name, input.Email, input.Category, input.Description, input.Link, input.EstimatedCosts, null, submitDate);
        var (values, errors) = ClaimValidation.Validate(draft, start, today, ClaimFieldNames.V1, requireCost);
        if (dateError)
        {
            errors.Add("submit_date", "A date is written MM-dd-yyyy, such as 09-08-2016.");
            return (null, errors);
        }

        return (values, errors);
    }
}
