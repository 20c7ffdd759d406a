using System.Globalization;

using Outlay.Web.Api;
using Outlay.Web.Features.Expenses;

namespace Outlay.Web.Features.Claims;

public sealed record Person(Guid Id, string Name, string? Email);

public sealed record ExpenseClaim(
    Guid Id, Person Submitter, string Category, string Description, string? Link, string EstimatedCost, string Currency, DateOnly SubmittedOn,
    string Status, DateTime? DecidedAt, DateOnly? DecisionDate, Person? DecidedBy, string? DecisionComment, DateTime? ReimbursedAt, DateTime CreatedAt, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Only a pending claim is edited or withdrawn, and only by its submitter.</summary>
    public bool IsPending => Status == ClaimStatuses.Pending;
}

/// <summary>The API's names of a claim's states: pending → approved | rejected, approved → reimbursed.</summary>
public static class ClaimStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Reimbursed = "reimbursed";

    public static readonly IReadOnlyList<string> All = [Pending, Approved, Rejected, Reimbursed];
}

public sealed record ClaimInput(string? Category, string? Description, string? Link, string? EstimatedCost, string? Currency, DateOnly? SubmittedOn);

/// <summary>The Expenses service's claims API (<c>/api/claims</c>).</summary>
public sealed class ClaimsApi(GatewayClient api)
{
    public const int PageSize = 25;

    public Task<ApiResult<ItemPage<ExpenseClaim>>> MineAsync(string? status, string? cursor, CancellationToken cancellationToken) =>
        api.GetAsync<ItemPage<ExpenseClaim>>(Query.Of("/api/claims", ("status", status), ("limit", PageSize.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor)), cancellationToken);

    /// <param name="status"><see cref="ClaimStatuses.Pending"/> (to decide) or <see cref="ClaimStatuses.Approved"/> (to reimburse).</param>
    public Task<ApiResult<ItemPage<ExpenseClaim>>> QueueAsync(string status, string? submitter, string? cursor, CancellationToken cancellationToken) =>
        api.GetAsync<ItemPage<ExpenseClaim>>(Query.Of("/api/claims/queue", ("status", status), ("submitter", submitter), ("limit", PageSize.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor)), cancellationToken);

    public Task<ApiResult<ExpenseClaim>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<ExpenseClaim>($"/api/claims/{id}", cancellationToken);

    /// <summary>Replaces a pending claim's fields (its submitter only), from the version it was read at.</summary>
    public Task<ApiResult<ExpenseClaim>> EditAsync(Guid id, ClaimInput input, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<ExpenseClaim>(HttpMethod.Put, $"/api/claims/{id}", input, etag, cancellationToken);

    public Task<ApiResult<ExpenseClaim>> SubmitAsync(ClaimInput input, CancellationToken cancellationToken) =>
        api.SendAsync<ExpenseClaim>(HttpMethod.Post, "/api/claims", input, null, cancellationToken);

    public Task<ApiResult> WithdrawAsync(Guid id, string etag, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Delete, $"/api/claims/{id}", null, etag, cancellationToken);

    /// <param name="decision">approve or reject a pending claim (a rejection needs a comment), or reimburse an approved one.</param>
    public Task<ApiResult<ExpenseClaim>> DecideAsync(Guid id, string decision, string? comment, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<ExpenseClaim>(HttpMethod.Post, $"/api/claims/{id}/{decision}", new { comment }, etag, cancellationToken);
}
