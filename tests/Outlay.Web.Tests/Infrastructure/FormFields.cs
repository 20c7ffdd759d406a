namespace Outlay.Web.Tests.Infrastructure;

/// <summary>What a person types into the forms the tests fill, under the names the pages give their inputs.</summary>
internal static class FormFields
{
    /// <summary>The five inputs of <c>_AddressFields</c> rendered for the page property <paramref name="prefix"/> (<c>Address</c>, <c>Form.Address</c>).</summary>
    public static Dictionary<string, string> Address(string prefix, string street = "1 Main Street", string city = "Springfield") => new()
    {
        [$"{prefix}.Street"] = street,
        [$"{prefix}.City"] = city,
        [$"{prefix}.State"] = "IL",
        [$"{prefix}.PostalCode"] = "62701",
        [$"{prefix}.Country"] = "USA",
    };

    /// <summary>The profile form (<c>_ProfileFields</c>) with one email and a spare empty input.</summary>
    public static Dictionary<string, string> Profile(string email, string first, string phone, string last = "Lovelace") =>
        new(Address("Form.Address", street: "Main Street 1"))
        {
            ["Form.FirstName"] = first,
            ["Form.LastName"] = last,
            ["Form.Emails[0]"] = email,
            ["Form.Emails[1]"] = "",
            ["Form.PhoneNumber"] = phone,
        };
}
