using System.Collections.Frozen;

namespace Outlay.ServiceDefaults.Money;

/// <summary>
/// ISO 4217 currencies in circulation with their minor-unit digits (the standard's list of active codes, fund codes
/// included; precious metals, testing and "no currency" codes have no minor unit and are left out).
/// </summary>
public static class Currencies
{
    private const string ZeroDigits = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
    private const string ThreeDigits = "BHD IQD JOD KWD LYD OMR TND";
    private const string FourDigits = "CLF UYW";
    private const string TwoDigits =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF " +
        "CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF " +
        "IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN " +
        "MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS " +
        "SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES XCD XCG YER ZAR ZMW ZWG";

    private static readonly FrozenDictionary<string, int> Digits = new[] { (ZeroDigits, 0), (TwoDigits, 2), (ThreeDigits, 3), (FourDigits, 4) }
        .SelectMany(group => group.Item1.Split(' ').Select(code => KeyValuePair.Create(code, group.Item2)))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The largest number of minor-unit digits of any currency: storage with this scale holds every amount exactly.</summary>
    public const int MaxDigits = 4;

    public static IEnumerable<string> Codes => Digits.Keys;

    /// <summary>Upper-cased code, or null when it is not an active ISO 4217 currency.</summary>
    public static string? Normalize(string? code)
    {
        var upper = code?.Trim().ToUpperInvariant();
        return upper is not null && Digits.ContainsKey(upper) ? upper : null;
    }

    public static int MinorDigits(string code) =>
        Digits.TryGetValue(code, out var digits) ? digits : throw new ArgumentException($"'{code}' is not a known currency.", nameof(code));
}
