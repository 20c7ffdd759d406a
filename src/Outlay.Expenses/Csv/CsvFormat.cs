using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.Csv;

/// <summary>
/// RFC 4180 fields, with spreadsheet formula injection defused (OWASP "CSV Injection"): a cell a spreadsheet
/// would evaluate — starting with =, +, -, @, tab or carriage return — is prefixed with a single quote, which
/// spreadsheets show as text. A cell already starting with a quote gets one more; the import removes one, so exports round-trip.
/// </summary>
public static class CsvFormat
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var safe = DefuseFormula(value);
        return safe.IndexOfAny(NeedsQuotes) >= 0 || safe != safe.Trim()
            ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : safe;
    }

    /// <summary>
    /// Prefixes a quote to a cell that starts like a formula (a plain number such as "-5" is not one), and to one
    /// that already starts with a quote, so that <see cref="RestoreFormula"/> can always remove exactly one.
    /// </summary>
    public static string DefuseFormula(string value) =>
        value.Length > 0 && (value[0] == '\'' || (Array.IndexOf(FormulaStarts, value[0]) >= 0 && !IsPlainNumber(value))) ? "'" + value : value;

    /// <summary>Undoes <see cref="DefuseFormula"/>; a leading quote is the spreadsheet's "this is text" mark in any case.</summary>
    public static string RestoreFormula(string value) => value.StartsWith('\'') ? value[1..] : value;

    public static string Line(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static bool IsPlainNumber(string value) => MoneyText.TryParse(value, out _);
}
