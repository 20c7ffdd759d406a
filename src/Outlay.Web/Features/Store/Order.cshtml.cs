using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

/// <summary>
/// One order. While it waits for the stock check the page keeps its status current: a small script polls the
/// <c>status</c> handler (JSON), and without script the page refreshes itself. Until it ships, the buyer (or an
/// admin) changes its contact emails and delivery address here.
/// </summary>
public sealed class OrderModel(StoreApi store) : OutlayPage
{
    private static readonly FieldMap DetailsFields = FieldMap.For("Details", "emails").Itemized("emails").WithAddress("deliveryAddress", "Address");

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Order? Item { get; private set; }

    [BindProperty]
    public OrderDetailsForm Details { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var order = await store.OrderAsync(Id, cancellationToken);
        if (order.Problem?.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Show(order.Value);
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
            return await ProblemAsync(cancelled.Problem!, reload: async () => Show((await store.OrderAsync(Id, cancellationToken)).Value));
        }

        return Done("The order is cancelled.", routeValues: new { Id });
    }

    /// <summary>
    /// Sends the emails and the address as typed. A refusal shows the form again with the errors at their inputs; an
    /// order that shipped in the meantime (409) shows as it is now, without the form.
    /// </summary>
    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken cancellationToken)
    {
        Details.DropBlankEmails(ModelState, nameof(Details));
        var changed = await store.UpdateOrderDetailsAsync(Id, Details.Emails, Details.Address.AsTyped(), cancellationToken);
        if (!changed.Succeeded)
        {
            Details.AddSpareEmail();
            return await ProblemAsync(changed.Problem!, DetailsFields, async () => Item = (await store.OrderAsync(Id, cancellationToken)).Value);
        }

        return Done("The order’s contact emails and delivery address are saved.", routeValues: new { Id });
    }

    private void Show(Order? order)
    {
        Item = order;
        if (order is not null)
        {
            Details = OrderDetailsForm.From(order);
        }
    }
}

/// <summary>An order's contact emails and delivery address as the details form shows them.</summary>
public sealed class OrderDetailsForm : IEmailListForm
{
    public List<string?> Emails { get; set; } = [];

    public AddressForm Address { get; set; } = new();

    public static OrderDetailsForm From(Order order) => new()
    {
        Emails = [.. order.UserEmails ?? [], ""],
        Address = AddressForm.From(order.DeliveryAddress),
    };
}
