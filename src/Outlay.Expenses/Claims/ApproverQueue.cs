using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Expenses;
using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Claims;

/// <summary>
/// What approvers act on, oldest first, without their own claims (they cannot act on those): pending claims to
/// decide, or with <c>status=approved</c> approved claims to reimburse.
/// </summary>
internal static class ApproverQueue
{
    /// <param name="status"><c>pending</c> (default) or <c>approved</c>: the two states an approver moves a claim out of.</param>
    /// <param name="category">Exact category, case-insensitive.</param>
    /// <param name="submitter">Part of the submitter's name or email.</param>
    public static async Task<Results<Ok<Page<ClaimResponse>>, ValidationProblem>> List(
        string? status, string? category, string? submitter, int? limit, string? cursor, ClaimsPrincipal user, ExpensesDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().MaxLength("category", category, ClaimRules.CategoryMaxLength).MaxLength("submitter", submitter, 100);
        var wanted = ClaimStatus.Pending;
        if (status is not null)
        {
            if (string.Equals(status, ClaimWorkflow.Describe(ClaimStatus.Approved), StringComparison.OrdinalIgnoreCase))
            {
                wanted = ClaimStatus.Approved;
            }
            else if (!string.Equals(status, ClaimWorkflow.Describe(ClaimStatus.Pending), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("status", "The queue holds pending claims (to decide) or approved ones (to reimburse).");
            }
        }

        var position = ClaimCursor.Check(cursor, limit, ClaimEndpoints.MaxPageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var userId = user.UserId();
        var query = db.Claims.AsNoTracking().Where(c => c.Status == wanted && c.SubmitterId != userId);
        if (!string.IsNullOrWhiteSpace(category))
        {
            var normalized = category.Trim().ToUpperInvariant();
            query = query.Where(c => c.NormalizedCategory == normalized);
        }

        if (!string.IsNullOrWhiteSpace(submitter))
        {
            var pattern = LikePattern.Contains(submitter.Trim());
            query = query.Where(c => EF.Functions.Like(c.SubmitterEmail, pattern, LikePattern.EscapeCharacter)
                || EF.Functions.Like(c.SubmitterName, pattern, LikePattern.EscapeCharacter));
        }

        if (position is { } p)
        {
            query = query.Where(c => c.CreatedAt > p.CreatedAt || (c.CreatedAt == p.CreatedAt && c.Id.CompareTo(p.Id) > 0));
        }

        var size = limit ?? ClaimEndpoints.DefaultPageSize;
        var rows = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(size + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(ClaimCursor.PageOf(rows, size));
    }
}
