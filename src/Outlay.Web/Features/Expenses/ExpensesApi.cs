using System.Globalization;
using System.Net.Http.Headers;

using Outlay.Web.Api;

namespace Outlay.Web.Features.Expenses;

public sealed record Expense(
    Guid Id, string Amount, string Currency, DateOnly SpentOn, Guid CategoryId, string Description, string? Merchant,
    IReadOnlyList<string> Tags, string? Notes, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";
}

/// <summary>One page of a keyset-paginated list; <see cref="Next"/> is the cursor of the following page.</summary>
public sealed record ItemPage<T>(IReadOnlyList<T> Items, string? Next);

public sealed record Category(Guid Id, string? Key, string Name, bool System, bool Archived, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";
}

public sealed record CurrencyTotal(string Currency, string Total, int Count);

public sealed record SummaryGroup(string Key, string Label, string Currency, string Total, int Count);

public sealed record Summary(string From, string To, string TimeZone, string GroupBy, IReadOnlyList<CurrencyTotal> Totals, IReadOnlyList<SummaryGroup> Groups);

public sealed record ImportRow(int Line, string Outcome, Guid? Id, IDictionary<string, string[]>? Errors);

public sealed record ImportReport(int Imported, int Duplicates, int Invalid, IReadOnlyList<ImportRow> Rows);

/// <summary>The body of POST/PUT <c>/api/expenses</c>: the amount travels as a string so no digit is lost.</summary>
public sealed record ExpenseInput(string? Amount, string? Currency, DateOnly? SpentOn, Guid? CategoryId, string? Description, string? Merchant, IReadOnlyList<string> Tags, string? Notes);

/// <summary>The list's and the export's query: the Expenses API's own parameter names.</summary>
public sealed record ExpenseQuery(IReadOnlyList<Guid> Categories, string? Tag, DateOnly? From, DateOnly? To, string? Min, string? Max, string? Text, string? Sort)
{
    public IEnumerable<(string, string?)> Parameters() =>
    [
        .. Categories.Select(c => ("category", (string?)c.ToString())),
        ("tag", Tag),
        ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("min", Min),
        ("max", Max),
        ("q", Text),
        ("sort", Sort),
    ];
}

/// <summary>The Expenses service's API (<c>/api/expenses</c>, <c>/api/expense-categories</c>: the gateway sends <c>/api/categories</c> to the store) as the pages use it.</summary>
public sealed class ExpensesApi(GatewayClient api)
{
    public const int PageSize = 25;

    public Task<ApiResult<ItemPage<Expense>>> ListAsync(ExpenseQuery query, string? cursor, CancellationToken cancellationToken) =>
        api.GetAsync<ItemPage<Expense>>(Query.Of("/api/expenses", [.. query.Parameters(), ("limit", PageSize.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor)]), cancellationToken);

    public Task<ApiResult<Expense>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<Expense>($"/api/expenses/{id}", cancellationToken);

    public Task<ApiResult<Expense>> CreateAsync(ExpenseInput input, CancellationToken cancellationToken) =>
        api.SendAsync<Expense>(HttpMethod.Post, "/api/expenses", input, null, cancellationToken);

    public Task<ApiResult<Expense>> ReplaceAsync(Guid id, ExpenseInput input, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<Expense>(HttpMethod.Put, $"/api/expenses/{id}", input, etag, cancellationToken);

    public Task<ApiResult> DeleteAsync(Guid id, string? etag, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Delete, $"/api/expenses/{id}", null, etag, cancellationToken);

    public Task<ApiResult<List<Category>>> CategoriesAsync(bool includeArchived, CancellationToken cancellationToken) =>
        api.GetAsync<List<Category>>(Query.Of("/api/expense-categories", ("includeArchived", includeArchived ? "true" : null)), cancellationToken);

    public Task<ApiResult<Category>> CreateCategoryAsync(string? name, CancellationToken cancellationToken) =>
        api.SendAsync<Category>(HttpMethod.Post, "/api/expense-categories", new { name }, null, cancellationToken);

    public Task<ApiResult<Category>> UpdateCategoryAsync(Guid id, string? name, bool archived, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<Category>(HttpMethod.Put, $"/api/expense-categories/{id}", new { name, archived }, etag, cancellationToken);

    /// <summary>Deletes a custom category; one in use is archived instead, or, with <paramref name="moveTo"/>, emptied into that one first.</summary>
    public Task<ApiResult> DeleteCategoryAsync(Guid id, Guid? moveTo, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Delete, Query.Of($"/api/expense-categories/{id}", ("moveTo", moveTo?.ToString())), null, null, cancellationToken);

    /// <param name="from">First month ("2026-01"); null for this month in the user's time zone.</param>
    public Task<ApiResult<Summary>> SummaryAsync(string? from, string? to, string groupBy, CancellationToken cancellationToken) =>
        api.GetAsync<Summary>(Query.Of("/api/expenses/summary", ("from", from), ("to", to), ("groupBy", groupBy)), cancellationToken);

    public Task<(HttpResponseMessage? Response, ApiProblem? Problem)> OpenExportAsync(ExpenseQuery query, CancellationToken cancellationToken) =>
        api.OpenStreamAsync(Query.Of("/api/expenses/export.csv", query.Parameters()), cancellationToken);

    public Task<ApiResult<ImportReport>> ImportAsync(Stream csv, bool skipInvalid, CancellationToken cancellationToken)
    {
        var content = new StreamContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return api.SendContentAsync<ImportReport>(HttpMethod.Post, Query.Of("/api/expenses/import", ("skipInvalid", skipInvalid ? "true" : null)), content, cancellationToken);
    }
}
