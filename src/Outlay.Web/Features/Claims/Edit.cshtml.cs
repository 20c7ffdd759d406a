using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Claims;

/// <summary>
/// The submitter changes a pending claim (seed 004's PUT: a new estimated cost, a better description, ...). Once an
/// approver has decided it the page shows the decision instead of the form.
/// </summary>
public sealed class EditModel(ClaimsApi claims) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ClaimForm Form { get; set; } = new();

    public ExpenseClaim? Claim { get; private set; }

    /// <summary>The form shows while the claim is pending and the signed-in person submitted it (an approver may open others' claims).</summary>
    public bool CanEdit => Claim is null || (Claim.IsPending && Claim.Submitter.Id.ToString() == User.FindFirst("sub")?.Value);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var claim = await claims.GetAsync(Id, cancellationToken);
        if (!claim.Succeeded)
        {
            return claim.Problem?.Status == StatusCodes.Status404NotFound ? NotFound() : await ProblemAsync(claim.Problem!);
        }

        Claim = claim.Value;
        Form = ClaimForm.From(claim.Value);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var edited = await claims.EditAsync(Id, Form.ToInput(), Form.ETag ?? "\"0\"", cancellationToken);
        if (edited.Succeeded)
        {
            return Done($"Claim “{edited.Value.Description}” saved; it still waits for an approver.", "/Claims/Index");
        }

        // A decision changes the claim's version too, so a claim decided since the form was read answers 412, not 409.
        if (edited.Problem!.Status == StatusCodes.Status412PreconditionFailed)
        {
            Flash = "This claim was changed in the meantime (an approver may have decided it). Here it is as it is now.";
            return RedirectToPage(new { Id });
        }

        return edited.Problem.Status == StatusCodes.Status404NotFound
            ? NotFound()
            : await ProblemAsync(edited.Problem, ClaimForm.Fields, async () => Claim = (await claims.GetAsync(Id, cancellationToken)).Value);
    }
}
