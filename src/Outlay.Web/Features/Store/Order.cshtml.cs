using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

/// <summary>
/// One order. While it waits for the stock check the page keeps its status current: a small script polls the
/// <c>status</c> handler (JSON), and without script the page refreshes itself.
/// </summary>
public sealed class OrderModel(StoreApi store) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Order? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var order = await store.OrderAsync(Id, cancellationToken);
        if (order.Problem?.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Item = order.Value;
        return order.Succeeded ? Page() : await ProblemAsync(order.Problem!);
    }

    /// <summary>The poll: status, label and whether it can still change without a person acting.</summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var order = await store.OrderAsync(Id, cancellationToken);
        if (!order.Succeeded)
        {
            return StatusCode(order.Problem!.IsUnavailable ? StatusCodes.Status503ServiceUnavailable : order.Problem.Status is >= 400 and < 500 ? order.Problem.Status : 502);
        }

        return new JsonResult(new { status = order.Value.Status, label = OrderStatuses.Label(order.Value.Status), final = order.Value.IsSettled });
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        var cancelled = await store.CancelOrderAsync(Id, cancellationToken);
        if (!cancelled.Succeeded)
        {
            return await ProblemAsync(cancelled.Problem!, reload: async () => Item = (await store.OrderAsync(Id, cancellationToken)).Value);
        }

        return Done("The order is cancelled.", routeValues: new { Id });
    }
}
