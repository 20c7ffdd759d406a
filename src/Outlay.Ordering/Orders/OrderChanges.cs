using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Ordering.Infrastructure;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Ordering.Orders;

/// <summary>Changes people make to an existing order; a change that lost a race with another is a 409, never a silent overwrite.</summary>
public sealed class OrderChanges(OrderingDbContext db, OrderTransitions transitions, TimeProvider clock)
{
    public Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>> MoveAsync(
        Guid id, OrderStatus to, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ChangeAsync(id, user, order => transitions.TryMove(order, to) ? null : InvalidTransition(order.Status, to), cancellationToken);

    public Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>> CancelAsync(
        Guid id, ClaimsPrincipal user, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, user, order => transitions.TryMove(order, OrderStatus.Cancelled, reason) ? null : InvalidTransition(order.Status, OrderStatus.Cancelled), cancellationToken);

    public async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateDetailsAsync(
        Guid id, ContactDetails details, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = details.Validate();
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await ChangeAsync(id, user, order =>
        {
            if (!OrderLifecycle.IsOpen(order.Status))
            {
                return Conflict("The order has left the warehouse.", $"Contact details change only before shipping; the order is {OrderLifecycle.Label(order.Status)}.");
            }

            if (details.Emails is not null)
            {
                order.Emails = Order.JoinEmails(ContactDetails.Clean(details.Emails));
            }

            if (details.DeliveryAddress is not null)
            {
                order.DeliveryAddress = details.DeliveryAddress.ToAddress();
            }

            order.Touch(clock.GetUtcNow().UtcDateTime);
            return null;
        }, cancellationToken);
    }

    private async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>> ChangeAsync(
        Guid id, ClaimsPrincipal user, Func<Order, ProblemHttpResult?> change, CancellationToken cancellationToken)
    {
        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderEndpoints.CanSee(user, order))
        {
            return TypedResults.NotFound();
        }

        if (change(order) is { } refused)
        {
            return refused;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict("The order changed meanwhile.", "Reload it and try again.");
        }

        return TypedResults.Ok(OrderResponse.From(order));
    }

    private static ProblemHttpResult InvalidTransition(OrderStatus from, OrderStatus to) =>
        Conflict("This status change is not allowed.", $"An order that is {OrderLifecycle.Label(from)} cannot become {OrderLifecycle.Label(to)}.");

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
