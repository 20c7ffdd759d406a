using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

/// <summary>
/// A page of orders filtered by status, as the ordering service lists them for the caller: a user's own orders
/// (/Store/Orders) or, for an admin, everyone's (/Admin/Orders).
/// </summary>
public abstract class OrderListModel(StoreApi store) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public NumberedPage<Order>? Orders { get; private set; }

    protected StoreApi Store => store;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem, FieldMap.For("", "status")) : Page();

    /// <summary>Loads the page of orders; the problem when the ordering service refused or failed.</summary>
    protected async Task<ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var orders = await store.OrdersAsync(string.IsNullOrWhiteSpace(Status) ? null : Status, Math.Max(1, PageNumber), cancellationToken);
        Orders = orders.Value;
        return orders.Problem;
    }
}
