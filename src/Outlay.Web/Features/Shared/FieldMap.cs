using System.Text.RegularExpressions;

namespace Outlay.Web.Features.Shared;

/// <summary>
/// Where an API's field error belongs on a form: API field name (<c>deliveryAddress.street</c>, <c>emails[1]</c>)
/// → model-state key of the input (<c>Form.Street</c>, <c>Form.Emails[1]</c>). Errors of unmapped fields are shown
/// in the form's summary, never dropped.
/// </summary>
public sealed partial class FieldMap
{
    private readonly Dictionary<string, string> fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> itemized = new(StringComparer.OrdinalIgnoreCase);
    private readonly string prefix;

    private FieldMap(string prefix) => this.prefix = prefix;

    /// <summary>Maps each API field to the same name in PascalCase under <paramref name="prefix"/> (<c>amount</c> → <c>Form.Amount</c>).</summary>
    public static FieldMap For(string prefix, params string[] apiFields)
    {
        var map = new FieldMap(prefix);
        foreach (var field in apiFields)
        {
            map.fields[field] = Key(prefix, Pascal(field));
        }

        return map;
    }

    /// <summary>Maps an API field to a differently named input property.</summary>
    public FieldMap With(string apiField, string property)
    {
        fields[apiField] = Key(prefix, property);
        return this;
    }

    /// <summary>
    /// Maps an API address (<c>deliveryAddress.city</c>) to the <see cref="AddressForm"/> at <paramref name="property"/>
    /// (<c>Form.Address.City</c>); an error about the address as a whole goes to its first input.
    /// </summary>
    public FieldMap WithAddress(string apiField, string property)
    {
        fields[apiField] = Key(prefix, property + "." + Pascal(DeliveryAddress.Parts[0]));
        foreach (var part in DeliveryAddress.Parts)
        {
            fields[apiField + "." + part] = Key(prefix, property + "." + Pascal(part));
        }

        return this;
    }

    /// <summary>The list has one input per item (<c>emails[1]</c> → <c>Form.Emails[1]</c>); otherwise item errors go to the list's input.</summary>
    public FieldMap Itemized(string apiField)
    {
        itemized.Add(apiField);
        return this;
    }

    /// <summary>The model-state key, or null for an error that belongs in the summary.</summary>
    public string? Resolve(string apiField)
    {
        if (fields.TryGetValue(apiField, out var key))
        {
            return key;
        }

        var match = Indexed().Match(apiField);
        if (match.Success && fields.TryGetValue(match.Groups[1].Value, out var list))
        {
            return itemized.Contains(match.Groups[1].Value) ? list + match.Groups[2].Value : list;
        }

        return null;
    }

    private static string Key(string prefix, string property) => prefix.Length == 0 ? property : prefix + "." + property;

    private static string Pascal(string field) => string.Join('.', field.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    [GeneratedRegex(@"^([^\[]+)(\[\d+\])$")]
    private static partial Regex Indexed();
}
