using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;
using Outlay.Web.Features.Store;

namespace Outlay.Web.Features.Admin;

/// <summary>Every order, by status, with the transitions an admin makes: ship, deliver, cancel before shipping.</summary>
public sealed class OrdersModel(StoreApi store) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public NumberedPage<Order>? Orders { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem, FieldMap.For("", "status")) : Page();

    public async Task<IActionResult> OnPostMoveAsync(Guid id, string status, CancellationToken cancellationToken)
    {
        var moved = status == OrderStatuses.Cancelled
            ? await store.CancelOrderAsync(id, cancellationToken)
            : await store.SetOrderStatusAsync(id, status, cancellationToken);
        return moved.Succeeded
            ? Done($"The order is now {OrderStatuses.Label(moved.Value.Status)}.", routeValues: new { Status, p = PageNumber })
            : await ProblemAsync(moved.Problem!, reload: async () => await LoadAsync(cancellationToken));
    }

    private async Task<Api.ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var orders = await store.OrdersAsync(string.IsNullOrWhiteSpace(Status) ? null : Status, Math.Max(1, PageNumber), cancellationToken);
        Orders = orders.Value;
        return orders.Problem;
    }
}
