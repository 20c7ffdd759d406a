using System.Globalization;

using Outlay.Web.Api;
using Outlay.Web.Features.Expenses;

namespace Outlay.Web.Features.Claims;

public sealed record Person(Guid Id, string Name, string? Email);

public sealed record ExpenseClaim(
    Guid Id, Person Submitter, string Category, string Description, string? Link, string EstimatedCost, string Currency, DateOnly SubmittedOn,
    string Status, DateTime? DecidedAt, DateOnly? DecisionDate, Person? DecidedBy, string? DecisionComment, DateTime CreatedAt, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";
}

public sealed record ClaimInput(string? Category, string? Description, string? Link, string? EstimatedCost, string? Currency, DateOnly? SubmittedOn);

/// <summary>The Expenses service's claims API (<c>/api/claims</c>).</summary>
public sealed class ClaimsApi(GatewayClient api)
{
    public const int PageSize = 25;

    public Task<ApiResult<ItemPage<ExpenseClaim>>> MineAsync(string? status, string? cursor, CancellationToken cancellationToken) =>
        api.GetAsync<ItemPage<ExpenseClaim>>(Query.Of("/api/claims", ("status", status), ("limit", PageSize.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor)), cancellationToken);

    public Task<ApiResult<ItemPage<ExpenseClaim>>> QueueAsync(string? submitter, string? cursor, CancellationToken cancellationToken) =>
        api.GetAsync<ItemPage<ExpenseClaim>>(Query.Of("/api/claims/queue", ("submitter", submitter), ("limit", PageSize.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor)), cancellationToken);

    public Task<ApiResult<ExpenseClaim>> SubmitAsync(ClaimInput input, CancellationToken cancellationToken) =>
        api.SendAsync<ExpenseClaim>(HttpMethod.Post, "/api/claims", input, null, cancellationToken);

    public Task<ApiResult> WithdrawAsync(Guid id, string etag, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Delete, $"/api/claims/{id}", null, etag, cancellationToken);

    /// <param name="decision">approve or reject (a rejection needs a comment).</param>
    public Task<ApiResult<ExpenseClaim>> DecideAsync(Guid id, string decision, string? comment, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<ExpenseClaim>(HttpMethod.Post, $"/api/claims/{id}/{decision}", new { comment }, etag, cancellationToken);
}
