using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

using Outlay.Ordering.Infrastructure;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Ordering.Orders;

/// <summary>
/// <c>/api/orders</c>, seed 003's operations: place, list by status (a user sees their own, an admin all), read,
/// change the status (admin), cancel and change the contact details (the buyer or an admin). Someone else's order
/// is 404 to a user, as if it did not exist.
/// </summary>
public static class OrderEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orders").RequireAuthorization(OutlayPolicies.User).WithTags("Orders");
        group.MapPost("/", Place);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/cancel", Cancel);
        group.MapPut("/{id:guid}/details", UpdateDetails);
        group.MapPut("/{id:guid}/status", UpdateStatus).RequireAuthorization(OutlayPolicies.Admin);
        return app;
    }

    public static Task<Results<Created<OrderResponse>, ValidationProblem, ProblemHttpResult>> Place(
        OrderInput input, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user,
        OrderPlacement placement, HttpResponse response, CancellationToken cancellationToken) =>
        placement.PlaceAsync(input, user, idempotencyKey, response, cancellationToken);

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> List(
        ClaimsPrincipal user, OrderingDbContext db, string? status, Guid? buyerId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var wanted = OrderLifecycle.Parse(status);
        if (status is not null && wanted is null)
        {
            errors.Add("status", "One of pending, accepted (under process), rejected, shipping, delivered, cancelled.");
        }

        if (page is < 1)
        {
            errors.Add("page", "Pages start at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"The page size is between 1 and {MaxPageSize}.");
        }

        if (buyerId is not null && !user.IsAdmin())
        {
            errors.Add("buyerId", "Only admins list other buyers' orders.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var orders = db.Orders.AsNoTracking();
        var buyer = user.IsAdmin() ? buyerId : user.UserId();
        if (buyer is { } id)
        {
            orders = orders.Where(o => o.BuyerId == id);
        }

        if (wanted is { } statusFilter)
        {
            orders = orders.Where(o => o.Status == statusFilter);
        }

        var size = pageSize ?? 20;
        var number = page ?? 1;
        var total = await orders.CountAsync(cancellationToken);
        var items = await orders.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id).Skip((number - 1) * size).Take(size)
            .Include(o => o.Lines).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new OrderPage([.. items.Select(OrderResponse.From)], number, size, total));
    }

    public static async Task<Results<Ok<OrderResponse>, NotFound>> Get(Guid id, ClaimsPrincipal user, OrderingDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is null || !CanSee(user, order) ? TypedResults.NotFound() : TypedResults.Ok(OrderResponse.From(order));
    }

    public static Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Cancel(
        Guid id, CancelInput? input, ClaimsPrincipal user, OrderChanges changes, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().MaxLength("reason", input?.Reason, 500);
        return errors.IsValid
            ? changes.CancelAsync(id, user, input?.Reason?.Trim() is { Length: > 0 } reason ? reason : "cancelled by " + (user.IsAdmin() ? "an admin" : "the buyer"), cancellationToken)
            : Task.FromResult<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>>(errors.ToProblem());
    }

    public static Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateDetails(
        Guid id, ContactDetails details, ClaimsPrincipal user, OrderChanges changes, CancellationToken cancellationToken) =>
        changes.UpdateDetailsAsync(id, details, user, cancellationToken);

    public static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateStatus(
        Guid id, StatusInput input, ClaimsPrincipal user, OrderChanges changes, CancellationToken cancellationToken)
    {
        var status = OrderLifecycle.Parse(input.Requested);
        if (status is not (OrderStatus.Shipping or OrderStatus.Delivered or OrderStatus.Cancelled))
        {
            return new ValidationErrors().Add("orderStatus", "An admin sets shipping, delivered or cancelled; the stock check decides the rest.").ToProblem();
        }

        return status == OrderStatus.Cancelled
            ? await changes.CancelAsync(id, user, "cancelled by an admin", cancellationToken)
            : await changes.MoveAsync(id, status.Value, user, cancellationToken);
    }

    internal static bool CanSee(ClaimsPrincipal user, Order order) => user.IsAdmin() || order.BuyerId == user.UserId();
}
