using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Store;

public sealed class ProductModel(StoreApi store, CartStore carts) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int Quantity { get; set; } = 1;

    public Product? Item { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var product = await store.ProductAsync(Id, cancellationToken);
        if (product.Problem?.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Item = product.Value;
        return product.Succeeded ? Page() : await ProblemAsync(product.Problem!);
    }

    public IActionResult OnPostAdd()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        var quantity = Math.Clamp(Quantity, 1, Cart.MaxQuantity);
        carts.Write(HttpContext, carts.Read(HttpContext).Add(Id, quantity));
        return Done("Added to your cart.", "/Store/Cart");
    }
}
