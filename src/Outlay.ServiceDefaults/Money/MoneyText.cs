using System.Globalization;

namespace Outlay.ServiceDefaults.Money;

/// <summary>
/// Money on the wire: a JSON string with exactly the currency's minor digits ("12.50", "1000" for JPY). Parsing
/// accepts plain digits with an optional point only (no exponent, separators or spaces), so no value ever passes
/// through floating point.
/// </summary>
public static class MoneyText
{
    /// <summary>A billion in any currency: above it a typo is far likelier than a real price.</summary>
    public const decimal Max = 1_000_000_000m;

    public static string Format(decimal amount, string currency)
    {
        var digits = Currencies.MinorDigits(currency);
        return decimal.Round(amount, digits, MidpointRounding.ToEven).ToString("F" + digits, CultureInfo.InvariantCulture);
    }

    /// <summary>Null when <paramref name="amount"/> is a valid non-negative amount in <paramref name="currency"/>; otherwise why not.</summary>
    public static string? Check(decimal amount, string currency)
    {
        if (amount < 0)
        {
            return "An amount cannot be negative.";
        }

        if (amount > Max)
        {
            return "An amount is at most 1,000,000,000.";
        }

        var digits = Currencies.MinorDigits(currency);
        return Scale(amount) > digits
            ? digits == 0 ? $"{currency} has no minor unit; send a whole number." : $"{currency} allows at most {digits} decimal places."
            : null;
    }

    public static bool TryParse(string? text, out decimal amount)
    {
        amount = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        var body = text.StartsWith('-') ? text[1..] : text;
        var point = body.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? body : body[..point];
        var fraction = point < 0 ? "" : body[(point + 1)..];
        return whole.Length > 0 && whole.All(char.IsAsciiDigit) && fraction.All(char.IsAsciiDigit) && (point < 0 || fraction.Length > 0)
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    /// <summary>Significant fractional digits: 12.50 has one.</summary>
    public static int Scale(decimal amount) => (decimal.GetBits(amount / 1.000000000000000000000000000000000m)[3] >> 16) & 0xFF;
}
