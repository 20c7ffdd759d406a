using System.Text.Json;

using Microsoft.AspNetCore.DataProtection;

namespace Outlay.Web.Features.Store;

public sealed record CartLine(Guid ProductId, int Quantity);

/// <summary>
/// The shopping cart, kept by the server in an encrypted, signed, HttpOnly cookie: the browser can neither read
/// nor alter it, any replica can read it (shared Data Protection keys), and nothing is stored per visitor here.
/// It holds only product ids and quantities; names and prices are always read from the catalog.
/// The checkout key makes a repeated checkout of the same cart place one order, not two.
/// </summary>
public sealed record Cart(IReadOnlyList<CartLine> Lines, string CheckoutKey)
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 99;

    public static Cart Empty() => new([], Guid.NewGuid().ToString("N"));

    public int Count => Lines.Sum(l => l.Quantity);

    /// <summary>Sets a line's quantity (0 removes it); a cart that is full takes no new products.</summary>
    public Cart Set(Guid productId, int quantity)
    {
        var lines = Lines.ToList();
        var index = lines.FindIndex(l => l.ProductId == productId);
        if (quantity <= 0)
        {
            lines.RemoveAll(l => l.ProductId == productId);
        }
        else if (index >= 0)
        {
            lines[index] = new CartLine(productId, Math.Min(quantity, MaxQuantity));
        }
        else if (lines.Count < MaxLines)
        {
            lines.Add(new CartLine(productId, Math.Min(quantity, MaxQuantity)));
        }

        return this with { Lines = lines };
    }

    public Cart Add(Guid productId, int quantity) =>
        Set(productId, (Lines.FirstOrDefault(l => l.ProductId == productId)?.Quantity ?? 0) + quantity);
}

public sealed class CartStore(IDataProtectionProvider protection)
{
    public const string CookieName = "outlay_cart";
    private readonly IDataProtector protector = protection.CreateProtector("Outlay.Web.Cart.v1");

    public Cart Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 } value)
        {
            return Cart.Empty();
        }

        try
        {
            var cart = JsonSerializer.Deserialize<Cart>(protector.Unprotect(value));
            return cart is { CheckoutKey.Length: > 0 } && cart.Lines is not null ? cart : Cart.Empty();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return Cart.Empty(); // Tampered with, or from keys that no longer exist: start afresh.
        }
    }

    public void Write(HttpContext http, Cart cart) =>
        http.Response.Cookies.Append(CookieName, protector.Protect(JsonSerializer.Serialize(cart)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(30),
        });
}
