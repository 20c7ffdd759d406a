using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Account;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

/// <summary>
/// The cart with current catalog prices, quantity changes, and checkout. The delivery address starts as the one in
/// the profile and may be changed for this order; ordering needs one and a new account has none yet.
/// </summary>
public sealed class CartModel(StoreApi store, CartStore carts, IdentityApi identity) : OutlayPage
{
    private static readonly FieldMap Fields = FieldMap.For("", "items").WithAddress("deliveryAddress", "Address");

    public sealed record Row(CartLine Line, Product? Product);

    [BindProperty]
    public AddressForm Address { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<(string Currency, decimal Total)> Totals { get; private set; } = [];

    public string CheckoutKey { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true && (await identity.GetMeAsync(cancellationToken)).Value?.DeliveryAddress is { } address)
        {
            Address = AddressForm.From(address);
        }

        return await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem) : Page();
    }

    public IActionResult OnPostUpdate(Guid productId, int quantity)
    {
        carts.Write(HttpContext, carts.Read(HttpContext).Set(productId, quantity));
        return Done(quantity > 0 ? "Cart updated." : "Removed from your cart.");
    }

    public async Task<IActionResult> OnPostCheckoutAsync(string checkoutKey, CancellationToken cancellationToken)
    {
        var cart = carts.Read(HttpContext);
        if (cart.Lines.Count == 0)
        {
            return Done("Your cart is empty.");
        }

        // The key from the page the person saw: a second click on the same page repeats the same order.
        var key = string.IsNullOrWhiteSpace(checkoutKey) ? cart.CheckoutKey : checkoutKey;
        var placed = await store.PlaceOrderAsync(cart.Lines, Address.ToAddress(), key, cancellationToken);
        if (!placed.Succeeded)
        {
            return await ProblemAsync(placed.Problem!, Fields, async () => await LoadAsync(cancellationToken));
        }

        carts.Write(HttpContext, Cart.Empty());
        return Done("Thank you! Your order is placed; we are checking the stock now.", "/Store/Order", new { id = placed.Value.Id });
    }

    private async Task<ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var cart = carts.Read(HttpContext);
        CheckoutKey = cart.CheckoutKey;
        var products = await Task.WhenAll(cart.Lines.Select(line => store.ProductAsync(line.ProductId, cancellationToken)));
        Rows = [.. cart.Lines.Select((line, i) => new Row(line, products[i].Value))];
        Totals = [.. Rows.Where(r => r.Product is not null)
            .GroupBy(r => r.Product!.Currency)
            .Select(g => (g.Key, g.Sum(r => Money.Parse(r.Product!.Price) * r.Line.Quantity)))];
        return products.Select(p => p.Problem).FirstOrDefault(p => p is { IsUnavailable: true });
    }
}
