using System.Collections.Concurrent;
using System.Globalization;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// Catalog (<c>/api/products</c>, <c>/api/categories</c>) and Ordering (<c>/api/orders</c>) with the shapes of
/// <c>src/Outlay.Catalog</c> and <c>src/Outlay.Ordering</c>. An order is stored pending and decided by the "saga" the
/// first time it is read after <see cref="SagaDelayReads"/> reads, so the tests see the status change without a
/// reload. Like Ordering for a buyer whose profile has no address, an order without a delivery address is refused.
/// </summary>
public sealed partial class ApiStub
{
    public static readonly Guid Laptops = Guid.Parse("00000000-0000-0000-0000-00000000aaaa");

    public int SagaDelayReads { get; set; } = 1;

    private readonly ConcurrentDictionary<Guid, StubProduct> products = new();
    private readonly ConcurrentDictionary<Guid, StubOrder> orders = new();
    private readonly ConcurrentDictionary<string, Guid> idempotency = new();

    private sealed record StubProduct(Guid Id, string Name, decimal Price, int Quantity, bool Retired, int Version);

    private sealed record StubOrder(Guid Id, Guid Buyer, List<(StubProduct Product, int Quantity)> Lines, Address Address, string Status, int Reads, int Version, DateTime CreatedAt)
    {
        public string? CancelReason { get; init; }

        /// <summary>The buyer's contact emails; Ordering takes them from the buyer's profile when the order names none.</summary>
        public IReadOnlyList<string> Emails { get; init; } = [];
    }

    private sealed record Address(string? Street, string? City, string? State, string? PostalCode, string? Country);

    private sealed record OrderBody(List<OrderItem>? Items, List<string?>? Emails, Address? DeliveryAddress);

    /// <summary>Ordering's ContactDetails: emails, address, or both.</summary>
    private sealed record DetailsBody(List<string?>? Emails, Address? DeliveryAddress);

    private sealed record OrderItem(Guid ProductId, int Quantity);

    private sealed record StatusBody(string? Status);

    private sealed record ProductBody(string? Name, string? Price, string? Currency, int? Quantity);

    private sealed record RestockBody(int? Quantity);

    private sealed record StoreCategoryBody(string? Name);

    private readonly ConcurrentDictionary<Guid, string> storeCategories = new() { [Laptops] = "Laptops" };

    public Guid AddProduct(string name, decimal price, int quantity)
    {
        var product = new StubProduct(Guid.NewGuid(), name, price, quantity, false, 1);
        products[product.Id] = product;
        return product.Id;
    }

    partial void MapStore(WebApplication app)
    {
        app.MapGet("/api/categories", () => Results.Ok(storeCategories.OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase).Select(c => new { id = c.Key, name = c.Value })));
        app.MapPost("/api/categories", (HttpContext http, StoreCategoryBody body) => AsAdmin(http, () =>
        {
            if (string.IsNullOrWhiteSpace(body.Name))
            {
                return StubCaller.Validation(("name", "This field is required."));
            }

            var id = Guid.NewGuid();
            storeCategories[id] = body.Name.Trim();
            return Results.Created($"/api/categories/{id}", new { id, name = storeCategories[id] });
        }));
        app.MapPost("/api/products", (HttpContext http, ProductBody body) => AsAdmin(http, () =>
        {
            var errors = new List<(string, string)>();
            if (string.IsNullOrWhiteSpace(body.Name))
            {
                errors.Add(("name", "This field is required."));
            }

            if (!decimal.TryParse(body.Price, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
            {
                errors.Add(("price", "A price is a number such as 12.50."));
            }

            if (body.Currency is not { Length: 3 })
            {
                errors.Add(("currency", "An ISO 4217 currency code such as EUR is required."));
            }

            if (body.Quantity is null or < 0)
            {
                errors.Add(("quantity", "The initial quantity is between 0 and 1000000."));
            }

            if (errors.Count > 0)
            {
                return StubCaller.Validation([.. errors]);
            }

            var id = AddProduct(body.Name!.Trim(), price, body.Quantity!.Value);
            return Results.Created($"/api/products/{id}", ProductJson(products[id]));
        }));
        app.MapPost("/api/products/{id:guid}/restock", (HttpContext http, Guid id, RestockBody body) => AsAdmin(http, () =>
        {
            if (!products.TryGetValue(id, out var product))
            {
                return Results.NotFound();
            }

            if (body.Quantity is not > 0)
            {
                return StubCaller.Validation(("quantity", "Restock at least 1 unit."));
            }

            products[id] = product = product with { Quantity = product.Quantity + body.Quantity.Value, Version = product.Version + 1 };
            return Results.Ok(ProductJson(product));
        }));
        app.MapPost("/api/products/{id:guid}/retire", (HttpContext http, Guid id) => AsAdmin(http, () =>
        {
            if (!products.TryGetValue(id, out var product))
            {
                return Results.NotFound();
            }

            products[id] = product = product with { Retired = true, Version = product.Version + 1 };
            return Results.Ok(ProductJson(product));
        }));
        app.MapGet("/api/products", (string? q, int? page, int? pageSize) =>
        {
            var all = products.Values.Where(p => !p.Retired && (q is null || p.Name.Contains(q, StringComparison.OrdinalIgnoreCase))).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            var size = pageSize ?? 12;
            var number = page ?? 1;
            return Results.Ok(new { items = all.Skip((number - 1) * size).Take(size).Select(ProductJson), page = number, pageSize = size, total = all.Count });
        });
        app.MapGet("/api/products/{id:guid}", (Guid id) => products.TryGetValue(id, out var p) ? Results.Ok(ProductJson(p)) : Results.NotFound());
        app.MapPost("/api/orders", (HttpContext http, OrderBody body) => As(http, caller =>
        {
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            if (idempotency.TryGetValue(caller.Id + key, out var existing))
            {
                return Results.Created($"/api/orders/{existing}", OrderJson(orders[existing]));
            }

            if (body.Items is not { Count: > 0 } items || items.Any(i => !products.ContainsKey(i.ProductId) || i.Quantity < 1))
            {
                return StubCaller.Validation(("items", "Order at least one existing product."));
            }

            if (body.DeliveryAddress is not { } address)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["deliveryAddress"] = ["Your profile has no delivery address; send one with the order."] },
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            }

            if (string.IsNullOrWhiteSpace(address.City))
            {
                return StubCaller.Validation(("deliveryAddress.city", "This field is required."));
            }

            var order = new StubOrder(Guid.NewGuid(), caller.Id, [.. items.Select(i => (products[i.ProductId], i.Quantity))], address, "pending", 0, 1, DateTime.UtcNow)
            {
                Emails = body.Emails is { Count: > 0 } emails ? [.. emails.Select(e => e!.Trim())] : [caller.Email],
            };
            orders[order.Id] = order;
            idempotency[caller.Id + key] = order.Id;
            return Results.Created($"/api/orders/{order.Id}", OrderJson(order));
        }));
        app.MapGet("/api/orders", (HttpContext http, string? status) => As(http, caller => Results.Ok(new
        {
            items = orders.Values.Where(o => (caller.IsAdmin || o.Buyer == caller.Id) && (status is null || string.Equals(o.Status, status, StringComparison.OrdinalIgnoreCase))).OrderByDescending(o => o.CreatedAt).Select(OrderJson),
            page = 1,
            pageSize = 20,
            total = orders.Values.Count(o => caller.IsAdmin || o.Buyer == caller.Id),
        })));
        app.MapGet("/api/orders/{id:guid}", (HttpContext http, Guid id) => As(http, caller =>
        {
            if (!orders.TryGetValue(id, out var order) || (order.Buyer != caller.Id && !caller.IsAdmin))
            {
                return Results.NotFound();
            }

            order = order with { Reads = order.Reads + 1 };
            if (order.Status == "pending" && order.Reads > SagaDelayReads)
            {
                order = order with { Status = "accepted", Version = order.Version + 1 };
            }

            orders[id] = order;
            return Results.Ok(OrderJson(order));
        }));
        app.MapPost("/api/orders/{id:guid}/cancel", (HttpContext http, Guid id) => As(http, caller =>
        {
            if (!orders.TryGetValue(id, out var order) || (order.Buyer != caller.Id && !caller.IsAdmin))
            {
                return Results.NotFound();
            }

            if (order.Status is not ("pending" or "accepted"))
            {
                return Results.Problem(statusCode: 409, title: $"A {order.Status} order cannot be cancelled.");
            }

            orders[id] = order = order with { Status = "cancelled", CancelReason = "cancelled by the buyer", Version = order.Version + 1 };
            return Results.Ok(OrderJson(order));
        }));
        app.MapPut("/api/orders/{id:guid}/details", (HttpContext http, Guid id, DetailsBody body) => As(http, caller =>
        {
            // OrderChanges.UpdateDetailsAsync: validation first, then the order (404 when not the caller's), then its status (409).
            var errors = new List<(string, string)>();
            if (body.Emails is null && body.DeliveryAddress is null)
            {
                errors.Add(("emails", "Send the emails, the delivery address, or both."));
            }

            if (body.Emails is { } emails)
            {
                if (emails.Count is 0 or > 10)
                {
                    errors.Add(("emails", "Between 1 and 10 emails."));
                }
                else
                {
                    for (var i = 0; i < emails.Count; i++)
                    {
                        if (string.IsNullOrWhiteSpace(emails[i]))
                        {
                            errors.Add(($"emails[{i}]", "This field is required."));
                        }
                        else if (!IsEmail(emails[i]!.Trim()))
                        {
                            errors.Add(($"emails[{i}]", "This is not a valid email address."));
                        }
                    }
                }
            }

            if (body.DeliveryAddress is { } address)
            {
                foreach (var (part, value) in new[] { ("street", address.Street), ("city", address.City), ("state", address.State), ("postalCode", address.PostalCode), ("country", address.Country) })
                {
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        errors.Add(($"deliveryAddress.{part}", "This field is required."));
                    }
                }
            }

            if (errors.Count > 0)
            {
                return StubCaller.Validation([.. errors]);
            }

            if (!orders.TryGetValue(id, out var order) || (order.Buyer != caller.Id && !caller.IsAdmin))
            {
                return Results.NotFound();
            }

            if (order.Status is not ("pending" or "accepted"))
            {
                return Results.Problem(statusCode: 409, title: "The order has left the warehouse.",
                    detail: $"Contact details change only before shipping; the order is {(order.Status == "accepted" ? "under process" : order.Status)}.");
            }

            orders[id] = order = order with
            {
                Emails = body.Emails is { } changed ? [.. changed.Select(e => e!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)] : order.Emails,
                Address = body.DeliveryAddress is { } moved ? new Address(moved.Street!.Trim(), moved.City!.Trim(), moved.State!.Trim(), moved.PostalCode!.Trim(), moved.Country!.Trim()) : order.Address,
                Version = order.Version + 1,
            };
            return Results.Ok(OrderJson(order));
        }));
        app.MapPut("/api/orders/{id:guid}/status", (HttpContext http, Guid id, StatusBody body) => As(http, caller =>
        {
            if (!caller.IsAdmin)
            {
                return Results.Problem(statusCode: 403, title: "Forbidden");
            }

            if (!orders.TryGetValue(id, out var order))
            {
                return Results.NotFound();
            }

            var wanted = body.Status?.ToLowerInvariant();
            if (wanted is not ("shipping" or "delivered"))
            {
                return StubCaller.Validation(("orderStatus", "An admin sets shipping, delivered or cancelled; the stock check decides the rest."));
            }

            if ((order.Status, wanted) is not (("accepted", "shipping") or ("shipping", "delivered")))
            {
                return Results.Problem(statusCode: 409, title: $"A {order.Status} order cannot become {wanted}.");
            }

            orders[id] = order = order with { Status = wanted, Version = order.Version + 1 };
            return Results.Ok(OrderJson(order));
        }));
    }

    /// <summary>The shape ValidationErrors.IsEmail accepts: one @ with something before it and a dotted domain after it, no spaces.</summary>
    private static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && value[(at + 1)..].Contains('.', StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace);
    }

    private static IResult AsAdmin(HttpContext http, Func<IResult> action) =>
        As(http, caller => caller.IsAdmin ? action() : Results.Problem(statusCode: 403, title: "Forbidden"));

    private static object ProductJson(StubProduct p) => new
    {
        id = p.Id,
        name = p.Name,
        description = "A fine " + p.Name,
        price = p.Price.ToString("0.00", CultureInfo.InvariantCulture),
        currency = "EUR",
        quantityAvailable = p.Quantity,
        inStock = !p.Retired && p.Quantity > 0,
        categories = new[] { new { id = Laptops, name = "Laptops" } },
        imageUrl = (string?)null,
        retired = p.Retired,
        createdAt = DateTime.UnixEpoch,
        updatedAt = DateTime.UnixEpoch,
        version = (long)p.Version,
        stock = (object?)null,
    };

    private static object OrderJson(StubOrder o) => new
    {
        id = o.Id,
        buyerId = o.Buyer,
        status = o.Status,
        orderStatus = o.Status == "accepted" ? "under process" : o.Status,
        items = o.Lines.Select(l => new
        {
            productId = l.Product.Id,
            name = l.Product.Name,
            quantity = l.Quantity,
            unitPrice = l.Product.Price.ToString("0.00", CultureInfo.InvariantCulture),
            lineTotal = (l.Product.Price * l.Quantity).ToString("0.00", CultureInfo.InvariantCulture),
        }),
        total = o.Lines.Sum(l => l.Product.Price * l.Quantity).ToString("0.00", CultureInfo.InvariantCulture),
        currency = "EUR",
        userEmails = o.Emails,
        deliveryAddress = o.Address,
        rejectedLines = (object?)null,
        cancelReason = o.CancelReason,
        createdAt = o.CreatedAt,
        updatedAt = o.CreatedAt,
        decidedAt = (DateTime?)null,
        version = (long)o.Version,
    };
}
