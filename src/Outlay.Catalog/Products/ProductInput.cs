using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Catalog.Products;

/// <summary>What an admin sends to create (with an initial quantity) or replace (quantity ignored) a product.</summary>
public sealed record ProductInput(
    string? Name,
    string? Description,
    MoneyInput? Price,
    string? Currency,
    int? Quantity,
    IReadOnlyList<Guid>? CategoryIds,
    string? ImageUrl)
{
    public const int MaxCategories = 20;

    /// <summary>Validates the fields; <paramref name="price"/> and <paramref name="currency"/> are the parsed values when valid.</summary>
    public ValidationErrors Validate(bool creating, out decimal price, out string currency)
    {
        price = 0;
        var errors = new ValidationErrors()
            .Required("name", Name).MaxLength("name", Name?.Trim(), Product.MaxNameLength)
            .MaxLength("description", Description, Product.MaxDescriptionLength)
            .MaxLength("imageUrl", ImageUrl, Product.MaxImageUrlLength);
        currency = Currencies.Normalize(Currency) ?? "";
        if (currency.Length == 0)
        {
            errors.Add("currency", "An ISO 4217 currency code such as EUR is required.");
        }

        if (Price is not { } text)
        {
            errors.Add("price", "This field is required.");
        }
        else if (!text.TryParse(out price))
        {
            errors.Add("price", "A price is a number such as 12.50.");
        }
        else if (currency.Length > 0 && MoneyText.Check(price, currency) is { } problem)
        {
            errors.Add("price", problem);
        }

        if (creating && Quantity is null or < 0 or > Product.MaxQuantity)
        {
            errors.Add("quantity", $"The initial quantity is between 0 and {Product.MaxQuantity}.");
        }

        if (CategoryIds is { Count: > MaxCategories })
        {
            errors.Add("categoryIds", $"At most {MaxCategories} categories.");
        }

        if (ImageUrl is not null && !(Uri.TryCreate(ImageUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add("imageUrl", "An image URL is an absolute http or https URL.");
        }

        return errors;
    }
}

public sealed record RestockInput(int? Quantity);
