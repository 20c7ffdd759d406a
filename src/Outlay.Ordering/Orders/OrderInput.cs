using Outlay.ServiceDefaults.Validation;

namespace Outlay.Ordering.Orders;

public sealed record OrderItemInput(Guid? ProductId, int? Quantity);

public sealed record AddressInput(string? Street, string? City, string? State, string? PostalCode, string? Country)
{
    public void Validate(ValidationErrors errors, string field) => errors
        .Required($"{field}.street", Street).MaxLength($"{field}.street", Street, 200)
        .Required($"{field}.city", City).MaxLength($"{field}.city", City, 100)
        .Required($"{field}.state", State).MaxLength($"{field}.state", State, 100)
        .Required($"{field}.postalCode", PostalCode).MaxLength($"{field}.postalCode", PostalCode, 20)
        .Required($"{field}.country", Country).MaxLength($"{field}.country", Country, 100);

    public DeliveryAddress ToAddress() => new(Street!.Trim(), City!.Trim(), State!.Trim(), PostalCode!.Trim(), Country!.Trim());
}

/// <summary>
/// A new order (seed 003's schema, minus the prices: the client never sets them). Emails and address are optional
/// and default to the buyer's profile.
/// </summary>
public sealed record OrderInput(IReadOnlyList<OrderItemInput?>? Items, IReadOnlyList<string?>? Emails, AddressInput? DeliveryAddress)
{
    public const int MaxItems = 50;
    public const int MaxQuantity = 1000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (Items is null || Items.Count == 0)
        {
            errors.Add("items", "An order has at least one item.");
        }
        else if (Items.Count > MaxItems)
        {
            errors.Add("items", $"An order has at most {MaxItems} items.");
        }
        else
        {
            for (var i = 0; i < Items.Count; i++)
            {
                if (Items[i] is not { } item)
                {
                    errors.Add($"items[{i}]", "This field is required.");
                    continue;
                }

                if (item.ProductId is null || item.ProductId == Guid.Empty)
                {
                    errors.Add($"items[{i}].productId", "This field is required.");
                }

                if (item.Quantity is not (>= 1 and <= MaxQuantity))
                {
                    errors.Add($"items[{i}].quantity", $"The quantity is between 1 and {MaxQuantity}.");
                }
            }

            if (Items.Where(i => i?.ProductId is not null).GroupBy(i => i!.ProductId).Any(g => g.Count() > 1))
            {
                errors.Add("items", "A product is listed once; raise its quantity instead.");
            }
        }

        if (Emails is not null)
        {
            ContactDetails.ValidateEmails(errors, Emails);
        }

        DeliveryAddress?.Validate(errors, "deliveryAddress");
        return errors;
    }
}

/// <summary>Seed 003's "update the emails or delivery address of an order": at least one of them.</summary>
public sealed record ContactDetails(IReadOnlyList<string?>? Emails, AddressInput? DeliveryAddress)
{
    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (Emails is null && DeliveryAddress is null)
        {
            errors.Add("emails", "Send the emails, the delivery address, or both.");
        }

        if (Emails is not null)
        {
            ValidateEmails(errors, Emails);
        }

        DeliveryAddress?.Validate(errors, "deliveryAddress");
        return errors;
    }

    public static void ValidateEmails(ValidationErrors errors, IReadOnlyList<string?> emails)
    {
        if (emails.Count is 0 or > Order.MaxEmails)
        {
            errors.Add("emails", $"Between 1 and {Order.MaxEmails} emails.");
            return;
        }

        for (var i = 0; i < emails.Count; i++)
        {
            errors.Required($"emails[{i}]", emails[i]).Email($"emails[{i}]", emails[i]?.Trim());
        }
    }

    public static IEnumerable<string> Clean(IEnumerable<string?> emails) =>
        emails.Select(e => e!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase);
}

public sealed record StatusInput(string? Status, string? OrderStatus)
{
    /// <summary>Seed 003 sends <c>orderStatus</c>; <c>status</c> is accepted as well.</summary>
    public string? Requested => Status ?? OrderStatus;
}

public sealed record CancelInput(string? Reason);
