namespace Outlay.Web.Features.Shared;

/// <summary>A delivery address as Identity (profiles) and Ordering (orders) send and take it.</summary>
public sealed record DeliveryAddress(string Street, string City, string State, string PostalCode, string Country)
{
    /// <summary>The API's names of the parts, in the order the forms show them.</summary>
    public static readonly IReadOnlyList<string> Parts = ["street", "city", "state", "postalCode", "country"];

    /// <summary>The address on one line, as a person reads it on an order.</summary>
    public string OneLine => $"{Street}, {PostalCode} {City}, {State}, {Country}";
}

/// <summary>The inputs of an address on a form (<c>_AddressFields</c>), blank when there is none yet.</summary>
public sealed class AddressForm
{
    public string? Street { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }

    public static AddressForm From(DeliveryAddress? address) => new()
    {
        Street = address?.Street,
        City = address?.City,
        State = address?.State,
        PostalCode = address?.PostalCode,
        Country = address?.Country,
    };

    /// <summary>Null when every input is empty (no address); otherwise the parts as typed, which the service checks one by one.</summary>
    public DeliveryAddress? ToAddress()
    {
        string?[] parts = [Street, City, State, PostalCode, Country];
        return parts.All(string.IsNullOrWhiteSpace) ? null : AsTyped();
    }

    /// <summary>The parts as typed, also when all are empty: where an address is required, the service then names each missing part.</summary>
    public DeliveryAddress AsTyped() => new(Street ?? "", City ?? "", State ?? "", PostalCode ?? "", Country ?? "");
}
