using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Ordering;
using Outlay.Messaging.Outbox;
using Outlay.Ordering.Infrastructure;
using Outlay.Ordering.Metrics;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Ordering.Orders;

/// <summary>
/// Places an order: validated, priced from the product replica, refused early when the replica already shows it
/// cannot be served (seed 002's initial decision), then stored as Pending together with <c>OrderPlaced</c> in one
/// transaction. An <c>Idempotency-Key</c> makes a retried request return the order the first one created.
/// </summary>
public sealed class OrderPlacement(OrderingDbContext db, TimeProvider clock, OrderingMetrics metrics)
{
    public const int MaxIdempotencyKeyLength = 200;

    public async Task<Results<Created<OrderResponse>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        OrderInput input, ClaimsPrincipal user, string? idempotencyKey, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = input.Validate();
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            errors.Add("Idempotency-Key", $"The key has 1 to {MaxIdempotencyKeyLength} characters.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var buyerId = user.UserId();
        var requestHash = Hash(input);
        if (idempotencyKey is not null && await ReplayAsync(buyerId, idempotencyKey, requestHash, response, cancellationToken) is { } replayed)
        {
            return replayed;
        }

        var items = input.Items!.Select(i => (ProductId: i!.ProductId!.Value, Quantity: i.Quantity!.Value)).ToList();
        var ids = items.Select(i => i.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.ProductId)).ToDictionaryAsync(p => p.ProductId, cancellationToken);
        var refusal = new ValidationErrors();
        for (var i = 0; i < items.Count; i++)
        {
            if (!products.TryGetValue(items[i].ProductId, out var product))
            {
                refusal.Add($"items[{i}].productId", "There is no such product.");
            }
            else if (product.Retired)
            {
                refusal.Add($"items[{i}].productId", "This product is no longer sold.");
            }
            else if (product.QuantityAvailable < items[i].Quantity)
            {
                refusal.Add($"items[{i}].quantity", $"Only {Math.Max(0, product.QuantityAvailable)} available.");
            }
        }

        if (refusal.IsValid && products.Values.Select(p => p.Currency).Distinct().Count() > 1)
        {
            refusal.Add("items", "All items of an order are priced in one currency; order the others separately.");
        }

        var buyer = await db.Buyers.AsNoTracking().FirstOrDefaultAsync(b => b.UserId == buyerId, cancellationToken);
        var address = input.DeliveryAddress?.ToAddress() ?? buyer?.DeliveryAddress;
        if (address is null)
        {
            refusal.Add("deliveryAddress", "Your profile has no delivery address; send one with the order.");
        }

        if (!refusal.IsValid)
        {
            metrics.RefusedEarly();
            return Unprocessable(refusal);
        }

        var emails = input.Emails is not null
            ? ContactDetails.Clean(input.Emails)
            : buyer is { EmailList.Count: > 0 } ? buyer.EmailList : [user.Email() ?? ""];
        var now = clock.GetUtcNow().UtcDateTime;
        var order = new Order
        {
            Id = Guid.CreateVersion7(),
            BuyerId = buyerId,
            Status = OrderStatus.Pending,
            Currency = products.Values.First().Currency,
            Emails = Order.JoinEmails(emails.Where(e => e.Length > 0)),
            DeliveryAddress = address!,
            ContactProfileVersion = buyer?.ProfileVersion ?? 0,
            IdempotencyKey = idempotencyKey,
            RequestHash = idempotencyKey is null ? null : requestHash,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        order.Lines = [.. items.Select(i => new OrderLine
        {
            OrderId = order.Id,
            ProductId = i.ProductId,
            ProductName = products[i.ProductId].Name,
            Quantity = i.Quantity,
            UnitPrice = products[i.ProductId].Price,
        })];
        order.Total = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
        db.Orders.Add(order);
        db.PublishEvent(new OrderPlaced(order.Id, buyerId,
            [.. order.Lines.Select(l => new Contracts.Ordering.OrderLine(l.ProductId, l.Quantity, l.UnitPrice, order.Currency))], now), order.Id.ToString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (idempotencyKey is not null && exception.IsUniqueViolation())
        {
            // A concurrent retry with the same key won: answer with its order.
            db.ChangeTracker.Clear();
            return await ReplayAsync(buyerId, idempotencyKey, requestHash, response, CancellationToken.None) ?? throw new InvalidOperationException("The idempotency key clashed but no order holds it.");
        }

        metrics.Placed();
        return TypedResults.Created($"/api/orders/{order.Id}", OrderResponse.From(order));
    }

    private async Task<Results<Created<OrderResponse>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        Guid buyerId, string key, string requestHash, HttpResponse response, CancellationToken cancellationToken)
    {
        var existing = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .FirstOrDefaultAsync(o => o.BuyerId == buyerId && o.IdempotencyKey == key, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        if (existing.RequestHash != requestHash)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "This Idempotency-Key was used for a different request.",
                detail: "Use a new key for a new order.");
        }

        response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/orders/{existing.Id}", OrderResponse.From(existing));
    }

    /// <summary>Field errors that are not malformed input but facts about the store (422, like seed 002's early rejection).</summary>
    private static ProblemHttpResult Unprocessable(ValidationErrors errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The order cannot be placed as it is.",
        });

    private static string Hash(OrderInput input) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(input, JsonSerializerOptions.Web))));
}
