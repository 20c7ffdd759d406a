using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Expenses;

/// <summary>Uploads a CSV file to the Expenses API and shows its per-row report.</summary>
public sealed class ImportModel(ExpensesApi expenses) : OutlayPage
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool SkipInvalid { get; set; }

    public ImportReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is not { Length: > 0 })
        {
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file to import.");
            Alert = "No file was chosen.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await using var csv = Upload.OpenReadStream();
        var result = await expenses.ImportAsync(csv, SkipInvalid, cancellationToken);
        if (!result.Succeeded)
        {
            return await ProblemAsync(result.Problem!, FieldMap.For("", "file").With("file", nameof(Upload)));
        }

        Report = result.Value;
        Flash = null;
        Alert = null;
        return Page();
    }
}
