using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Claims;

/// <summary>
/// Approvers: claims of others, oldest first. Pending ones to approve or reject (a rejection needs a reason), and
/// approved ones to mark reimbursed once the money is paid out.
/// </summary>
public sealed class QueueModel(ClaimsApi claims) : OutlayPage
{
    /// <summary><see cref="ClaimStatuses.Pending"/> (to decide, the default) or <see cref="ClaimStatuses.Approved"/> (to reimburse).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Submitter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<ExpenseClaim> Items { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public bool ShowsApproved => Status == ClaimStatuses.Approved;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem) : Page();

    public Task<IActionResult> OnPostApproveAsync(Guid id, string etag, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, "approve", etag, comment, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, string etag, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, "reject", etag, comment, cancellationToken);

    public Task<IActionResult> OnPostReimburseAsync(Guid id, string etag, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, "reimburse", etag, comment, cancellationToken);

    private async Task<IActionResult> DecideAsync(Guid id, string decision, string etag, string? comment, CancellationToken cancellationToken)
    {
        var decided = await claims.DecideAsync(id, decision, comment, etag, cancellationToken);
        if (decided.Succeeded)
        {
            return Done($"“{decided.Value.Description}” by {decided.Value.Submitter.Name} is {decided.Value.Status}.", routeValues: new { Status, Submitter });
        }

        return await ProblemAsync(decided.Problem!, FieldMap.For("", "comment").With("comment", $"Comment-{id}"), async () => await LoadAsync(cancellationToken));
    }

    private async Task<ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        Status = ShowsApproved ? ClaimStatuses.Approved : ClaimStatuses.Pending;
        var page = await claims.QueueAsync(Status, string.IsNullOrWhiteSpace(Submitter) ? null : Submitter, string.IsNullOrWhiteSpace(After) ? null : After, cancellationToken);
        Items = page.Value?.Items ?? [];
        NextCursor = page.Value?.Next;
        return page.Problem;
    }
}
