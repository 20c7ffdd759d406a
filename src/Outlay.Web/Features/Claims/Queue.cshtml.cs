using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Claims;

/// <summary>Approvers: pending claims of others, oldest first, each with approve and reject (a rejection needs a reason).</summary>
public sealed class QueueModel(ClaimsApi claims) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public string? Submitter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<ExpenseClaim> Items { get; private set; } = [];

    public string? NextCursor { get; private set; }

    /// <summary>The claim whose decision was refused, so its reason field shows the error.</summary>
    public Guid? FailedClaim { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem) : Page();

    public Task<IActionResult> OnPostApproveAsync(Guid id, string etag, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, "approve", etag, comment, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, string etag, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, "reject", etag, comment, cancellationToken);

    private async Task<IActionResult> DecideAsync(Guid id, string decision, string etag, string? comment, CancellationToken cancellationToken)
    {
        var decided = await claims.DecideAsync(id, decision, comment, etag, cancellationToken);
        if (decided.Succeeded)
        {
            return Done($"“{decided.Value.Description}” by {decided.Value.Submitter.Name} is {decided.Value.Status}.", routeValues: new { Submitter });
        }

        FailedClaim = id;
        return await ProblemAsync(decided.Problem!, FieldMap.For("", "comment").With("comment", $"Comment-{id}"), async () => await LoadAsync(cancellationToken));
    }

    private async Task<ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var page = await claims.QueueAsync(string.IsNullOrWhiteSpace(Submitter) ? null : Submitter, string.IsNullOrWhiteSpace(After) ? null : After, cancellationToken);
        Items = page.Value?.Items ?? [];
        NextCursor = page.Value?.Next;
        return page.Problem;
    }
}
