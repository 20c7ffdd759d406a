using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

public sealed class OrdersModel(StoreApi store) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public NumberedPage<Order>? Orders { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var orders = await store.OrdersAsync(string.IsNullOrWhiteSpace(Status) ? null : Status, Math.Max(1, PageNumber), cancellationToken);
        Orders = orders.Value;
        return orders.Succeeded ? Page() : await ProblemAsync(orders.Problem!, FieldMap.For("", "status"));
    }
}
