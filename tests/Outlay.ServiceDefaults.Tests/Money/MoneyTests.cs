using System.Text.Json;

using Outlay.ServiceDefaults.Money;

namespace Outlay.ServiceDefaults.Tests.Money;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("12.34", "EUR", null)]
    [InlineData("12.30", "EUR", null)]
    [InlineData("12.345", "EUR", "EUR allows at most 2 decimal places.")]
    [InlineData("1000", "JPY", null)]
    [InlineData("1000.5", "JPY", "JPY has no minor unit; send a whole number.")]
    [InlineData("1000.0", "JPY", null)]
    [InlineData("1.234", "KWD", null)]
    [InlineData("1.2345", "KWD", "KWD allows at most 3 decimal places.")]
    [InlineData("1.2345", "CLF", null)]
    [InlineData("0", "USD", null)]
    [InlineData("-0.01", "USD", "An amount cannot be negative.")]
    [InlineData("1000000000", "USD", null)]
    [InlineData("1000000000.01", "USD", "An amount is at most 1,000,000,000.")]
    public void Amounts_follow_the_currency_minor_units_and_the_bounds(string text, string currency, string? problem)
    {
        Assert.True(MoneyText.TryParse(text, out var amount));
        Assert.Equal(problem, MoneyText.Check(amount, currency));
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("1,000.00")]
    [InlineData(" 12")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("+5")]
    [InlineData("99999999999999999999999999999999999999")]
    public void Anything_but_plain_decimal_digits_is_not_an_amount(string text) => Assert.False(MoneyText.TryParse(text, out _));

    [Theory]
    [InlineData("12.5", "EUR", "12.50")]
    [InlineData("1000", "JPY", "1000")]
    [InlineData("1.5", "KWD", "1.500")]
    [InlineData("1000000000", "USD", "1000000000.00")]
    public void Amounts_leave_the_api_with_exactly_the_currency_digits(string text, string currency, string formatted)
    {
        Assert.True(MoneyText.TryParse(text, out var amount));
        Assert.Equal(formatted, MoneyText.Format(amount, currency));
    }

    [Theory]
    [InlineData("12.50", 1)]
    [InlineData("12.00", 0)]
    [InlineData("0.0001", 4)]
    [InlineData("100", 0)]
    public void Scale_ignores_trailing_zeros(string text, int scale)
    {
        Assert.True(MoneyText.TryParse(text, out var amount));
        Assert.Equal(scale, MoneyText.Scale(amount));
    }

    [Fact]
    public void Currency_codes_are_iso_4217_and_case_insensitive()
    {
        Assert.Equal("EUR", Currencies.Normalize("eur"));
        Assert.Null(Currencies.Normalize("EURO"));
        Assert.Null(Currencies.Normalize("XAU"));
        Assert.Null(Currencies.Normalize(null));
        Assert.Equal(0, Currencies.MinorDigits("KRW"));
        Assert.Equal(3, Currencies.MinorDigits("BHD"));
        Assert.True(Currencies.Codes.Count() > 150);
    }

    [Theory]
    [InlineData("\"12.34\"", "12.34")]
    [InlineData("12.34", "12.34")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e2", "1e2")]
    public void Json_amounts_keep_their_literal_digits(string json, string text)
    {
        var parsed = JsonSerializer.Deserialize<MoneyInput>(json);
        Assert.Equal(text, parsed.Text);
    }

    [Fact]
    public void A_json_amount_is_written_as_a_string() =>
        Assert.Equal("\"12.30\"", JsonSerializer.Serialize(new MoneyInput("12.30")));

    [Fact]
    public void A_json_amount_of_another_type_is_a_json_error() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<MoneyInput>("true"));
}
