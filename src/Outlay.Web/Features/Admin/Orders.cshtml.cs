using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Store;

namespace Outlay.Web.Features.Admin;

/// <summary>Every order, by status, with the transitions an admin makes: ship, deliver, cancel before shipping.</summary>
public sealed class OrdersModel(StoreApi store) : OrderListModel(store)
{
    public async Task<IActionResult> OnPostMoveAsync(Guid id, string status, CancellationToken cancellationToken)
    {
        var moved = status == OrderStatuses.Cancelled
            ? await Store.CancelOrderAsync(id, cancellationToken)
            : await Store.SetOrderStatusAsync(id, status, cancellationToken);
        return moved.Succeeded
            ? Done($"The order is now {OrderStatuses.Label(moved.Value.Status)}.", routeValues: new { Status, p = PageNumber })
            : await ProblemAsync(moved.Problem!, reload: async () => await LoadAsync(cancellationToken));
    }
}
