using System.Globalization;

using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Claims;

/// <summary>My claims with their status, and the form to submit a new one.</summary>
public sealed class IndexModel(ClaimsApi claims) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public ClaimForm Form { get; set; } = new();

    public IReadOnlyList<ExpenseClaim> Items { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem, FieldMap.For("", "status")) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A new claim is dated today by the service; only an edit carries the date on.
        Form.SubmittedOn = null;
        var submitted = await claims.SubmitAsync(Form.ToInput(), cancellationToken);
        return submitted.Succeeded
            ? Done($"Claim “{submitted.Value.Description}” submitted; an approver will decide it.")
            : await ProblemAsync(submitted.Problem!, ClaimForm.Fields, async () => await LoadAsync(cancellationToken));
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, string etag, CancellationToken cancellationToken)
    {
        var withdrawn = await claims.WithdrawAsync(id, etag, cancellationToken);
        return withdrawn.Succeeded ? Done("The claim is withdrawn.") : await ProblemAsync(withdrawn.Problem, reload: async () => await LoadAsync(cancellationToken));
    }

    public static string Show(ExpenseClaim claim) =>
        $"{decimal.Parse(claim.EstimatedCost, CultureInfo.InvariantCulture).ToString("#,0.00##", CultureInfo.InvariantCulture)} {claim.Currency}";

    private async Task<ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var page = await claims.MineAsync(string.IsNullOrWhiteSpace(Status) ? null : Status, string.IsNullOrWhiteSpace(After) ? null : After, cancellationToken);
        Items = page.Value?.Items ?? [];
        NextCursor = page.Value?.Next;
        return page.Problem;
    }
}
