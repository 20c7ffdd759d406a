using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Expenses;

/// <summary>
/// Seed 001's page, grown up: the expenses of a period with filters, their total, keyset pages, a quick add form,
/// and the CSV export of exactly what is filtered.
/// </summary>
public sealed class IndexModel(ExpensesApi expenses) : OutlayPage
{
    private static readonly FieldMap FilterFields = FieldMap.For("", "tag", "min", "max", "q", "sort", "category").With("from", "From").With("to", "To");

    [BindProperty(SupportsGet = true, Name = "category")]
    public Guid[] CategoryFilter { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    /// <summary>First month of the period ("2026-01"); the API's "this month" when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Min { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Max { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public ExpenseForm Form { get; set; } = new();

    public IReadOnlyList<Expense> Items { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public Period? Period { get; private set; }

    public IReadOnlyList<CurrencyTotal> Totals { get; private set; } = [];

    public bool NarrowedBeyondTotal => !string.IsNullOrWhiteSpace(Tag) || !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Min) || !string.IsNullOrWhiteSpace(Max);

    public string CategoryName(Guid id) => Categories.FirstOrDefault(c => c.Id == id)?.Name ?? "(archived category)";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem, FilterFields) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var input = Form.ToInput(out var dateError);
        if (input is null)
        {
            ModelState.AddModelError("Form.SpentOn", dateError!);
            return await ProblemAsync(new ApiProblem(400, "One or more fields are invalid.", null, ApiProblem.NoErrors), reload: () => LoadAsync(cancellationToken));
        }

        var created = await expenses.CreateAsync(input, cancellationToken);
        if (!created.Succeeded)
        {
            return await ProblemAsync(created.Problem!, ExpenseForm.Fields, () => LoadAsync(cancellationToken));
        }

        return Done($"Added “{created.Value.Description}” ({Money.Show(created.Value.Amount, created.Value.Currency)}).", routeValues: RouteValues(after: null));
    }

    /// <summary>The filtered expenses as CSV, streamed from the API to the browser without being held here.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var period = Period.IsMonth(From) ? new Period(From!, Period.IsMonth(To) ? To! : From!) : null;
        var (response, problem) = await expenses.OpenExportAsync(Query(period), cancellationToken);
        if (response is null)
        {
            return await ProblemAsync(problem!, FilterFields, () => LoadAsync(cancellationToken));
        }

        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(cancellationToken), "text/csv; charset=utf-8", "expenses.csv");
    }

    /// <summary>Query values for links that keep the current filters (pages, export, after adding).</summary>
    public Dictionary<string, object?> RouteValues(string? after, string? handler = null) => new()
    {
        ["tag"] = Tag,
        ["from"] = Period?.From ?? From,
        ["to"] = Period?.To ?? To,
        ["min"] = Min,
        ["max"] = Max,
        ["q"] = Q,
        ["sort"] = Sort,
        ["after"] = after,
        ["handler"] = handler,
        ["category"] = CategoryFilter.Select(c => c.ToString()).ToArray(),
    };

    private ExpenseQuery Query(Period? period) =>
        new(CategoryFilter, Blank(Tag), period?.FirstDay, period?.LastDay, Blank(Min), Blank(Max), Blank(Q), Blank(Sort));

    /// <summary>Reads the period's total first: it also fixes the period (this month in the user's time zone by default).</summary>
    private async Task<ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var categories = await expenses.CategoriesAsync(includeArchived: false, cancellationToken);
        Categories = categories.Value ?? [];
        var summary = await expenses.SummaryAsync(Blank(From), Blank(To) ?? Blank(From), "category", cancellationToken);
        if (!summary.Succeeded)
        {
            return summary.Problem ?? categories.Problem;
        }

        Period = new Period(summary.Value.From, summary.Value.To);
        Totals = CategoryFilter.Length == 0
            ? summary.Value.Totals
            : Money.TotalOf(summary.Value.Groups.Where(g => Guid.TryParse(g.Key, out var id) && CategoryFilter.Contains(id)));
        var list = await expenses.ListAsync(Query(Period), Blank(After), cancellationToken);
        if (!list.Succeeded)
        {
            return list.Problem;
        }

        Items = list.Value.Items;
        NextCursor = list.Value.Next;
        return categories.Problem;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
