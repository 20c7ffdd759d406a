using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Infrastructure;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Catalog.Reservations;

public sealed record ReservationResponse(Guid OrderId, string Status, IReadOnlyList<ReservationLineResponse> Lines, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ReservationLineResponse(Guid ProductId, int Quantity);

/// <summary>What stock is held for an order, for admins tracing an order through the saga.</summary>
public static class ReservationEndpoints
{
    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reservations/{orderId:guid}", Get).RequireAuthorization(OutlayPolicies.Admin).WithTags("Reservations (admin)");
        return app;
    }

    public static async Task<Results<Ok<ReservationResponse>, NotFound>> Get(Guid orderId, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var reservation = await db.Reservations.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.OrderId == orderId, cancellationToken);
        return reservation is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new ReservationResponse(reservation.OrderId, reservation.Status.ToString(),
                [.. reservation.Lines.OrderBy(l => l.ProductId).Select(l => new ReservationLineResponse(l.ProductId, l.Quantity))],
                reservation.CreatedAt, reservation.UpdatedAt));
    }
}
