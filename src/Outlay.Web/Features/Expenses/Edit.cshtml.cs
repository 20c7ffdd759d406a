using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Expenses;

public sealed class EditModel(ExpensesApi expenses) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public ExpenseForm Form { get; set; } = new();

    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var expense = await expenses.GetAsync(Id, cancellationToken);
        if (!expense.Succeeded)
        {
            return expense.Problem?.Status == StatusCodes.Status404NotFound ? NotFound() : await ProblemAsync(expense.Problem!, reload: () => LoadCategoriesAsync(cancellationToken));
        }

        Form = ExpenseForm.From(expense.Value);
        await LoadCategoriesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var input = Form.ToInput(out var dateError);
        if (input is null)
        {
            ModelState.AddModelError("Form.SpentOn", dateError!);
            return await ProblemAsync(new ApiProblem(400, "One or more fields are invalid.", null, ApiProblem.NoErrors), reload: () => LoadCategoriesAsync(cancellationToken));
        }

        var saved = await expenses.ReplaceAsync(Id, input, Form.ETag ?? "\"0\"", cancellationToken);
        if (!saved.Succeeded)
        {
            if (saved.Problem!.Status == StatusCodes.Status412PreconditionFailed)
            {
                Flash = "This expense was changed elsewhere in the meantime. Here it is as it is now; please apply your change again.";
                return RedirectToPage(new { Id });
            }

            return saved.Problem.Status == StatusCodes.Status404NotFound
                ? NotFound()
                : await ProblemAsync(saved.Problem, ExpenseForm.Fields, () => LoadCategoriesAsync(cancellationToken));
        }

        return Done("The expense is saved.", "/Expenses/Index");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var deleted = await expenses.DeleteAsync(Id, Form.ETag, cancellationToken);
        if (!deleted.Succeeded && deleted.Problem.Status != StatusCodes.Status404NotFound)
        {
            return await ProblemAsync(deleted.Problem, reload: () => LoadCategoriesAsync(cancellationToken));
        }

        return Done("The expense is deleted.", "/Expenses/Index");
    }

    private async Task LoadCategoriesAsync(CancellationToken cancellationToken) =>
        Categories = (await expenses.CategoriesAsync(includeArchived: false, cancellationToken)).Value ?? [];
}
