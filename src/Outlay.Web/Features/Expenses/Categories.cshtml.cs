using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Expenses;

/// <summary>The system categories, and the user's own: add, rename, archive or restore, delete (moving their expenses).</summary>
public sealed class CategoriesModel(ExpensesApi expenses) : OutlayPage
{
    private static readonly FieldMap NewFields = FieldMap.For("", "name").With("name", "NewName");
    private static readonly FieldMap RenameFields = FieldMap.For("", "name").With("name", "Name");

    [BindProperty]
    public string? NewName { get; set; }

    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem) : Page();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var created = await expenses.CreateCategoryAsync(NewName, cancellationToken);
        return created.Succeeded
            ? Done($"Category “{created.Value.Name}” added.")
            : await ProblemAsync(created.Problem!, NewFields, () => LoadAsync(cancellationToken));
    }

    public async Task<IActionResult> OnPostRenameAsync(Guid id, string? name, string etag, CancellationToken cancellationToken) =>
        await UpdateAsync(id, name, archived: false, etag, "renamed", cancellationToken);

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, string? name, string etag, bool archived, CancellationToken cancellationToken) =>
        await UpdateAsync(id, name, archived, etag, archived ? "archived" : "restored", cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid? moveTo, CancellationToken cancellationToken)
    {
        var deleted = await expenses.DeleteCategoryAsync(id, moveTo, cancellationToken);
        if (!deleted.Succeeded)
        {
            return await ProblemAsync(deleted.Problem, FieldMap.For("", "moveTo"), () => LoadAsync(cancellationToken));
        }

        // The API archives a category that still has expenses (200 with the category) rather than deleting it.
        return Done(moveTo is null
            ? "The category is deleted, or archived if expenses still use it."
            : "The expenses are moved and the category is deleted.");
    }

    private async Task<IActionResult> UpdateAsync(Guid id, string? name, bool archived, string etag, string verb, CancellationToken cancellationToken)
    {
        var updated = await expenses.UpdateCategoryAsync(id, name, archived, etag, cancellationToken);
        if (!updated.Succeeded)
        {
            return await ProblemAsync(updated.Problem!, RenameFields, () => LoadAsync(cancellationToken));
        }

        return Done($"Category “{updated.Value.Name}” {verb}.");
    }

    private async Task<Api.ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var categories = await expenses.CategoriesAsync(includeArchived: true, cancellationToken);
        Categories = categories.Value ?? [];
        return categories.Problem;
    }
}
