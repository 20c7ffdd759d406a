using System.Globalization;

namespace Outlay.Expenses.Money;

/// <summary>
/// The money rules, in one place: amounts are decimals, never negative, never above <see cref="Max"/>, and
/// never more precise than their currency. They are stored twice: as <c>numeric</c> for people and as an
/// exact integer count of ten-thousandths ("units") that both providers can sum, sort and compare.
/// </summary>
public static class Amount
{
    /// <summary>A billion in any currency: above it a typo is far likelier than a real expense.</summary>
    public const decimal Max = 1_000_000_000m;

    public const long UnitsPerMajor = 10_000;

    /// <summary>Checks an amount for a currency; null when it is acceptable, otherwise the reason.</summary>
    public static string? Check(decimal amount, string currency)
    {
        if (amount < 0)
        {
            return "An amount cannot be negative.";
        }

        if (amount > Max)
        {
            return $"An amount is at most {Max.ToString("N0", CultureInfo.InvariantCulture)}.";
        }

        var digits = Currencies.MinorDigits(currency);
        return Scale(amount) > digits
            ? digits == 0 ? $"{currency} has no minor unit; send a whole number." : $"{currency} allows at most {digits} decimal places."
            : null;
    }

    /// <summary>Significant fractional digits (trailing zeros do not count: 12.50 has 1).</summary>
    public static int Scale(decimal amount)
    {
        var normalized = amount / 1.000000000000000000000000000000000m;
        return (decimal.GetBits(normalized)[3] >> 16) & 0xFF;
    }

    public static long ToUnits(decimal amount) => decimal.ToInt64(amount * UnitsPerMajor);

    public static decimal FromUnits(long units) => units / (decimal)UnitsPerMajor;

    /// <summary>How amounts leave the API: a string with exactly the currency's digits ("12.50", "1000" for JPY).</summary>
    public static string Format(decimal amount, string currency) =>
        decimal.Round(amount, Currencies.MinorDigits(currency), MidpointRounding.ToEven)
            .ToString("F" + Currencies.MinorDigits(currency), CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses the text of an amount: plain digits with an optional point and a leading minus (so that a negative
    /// amount is reported as negative, not as garbage). No exponent, no thousands separators, no spaces.
    /// </summary>
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
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (point >= 0 && fraction.Length == 0))
        {
            return false;
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }
}
