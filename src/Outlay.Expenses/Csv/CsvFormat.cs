using System.Text;

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

    private static bool IsPlainNumber(string value) => Money.Amount.TryParse(value, out _);
}

/// <summary>Reads RFC 4180 records (quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF).</summary>
public sealed class CsvReader(TextReader reader)
{
    public const int MaxFieldLength = 10_000;

    /// <summary>The line the last record started on (1-based), for error reports.</summary>
    public int LineNumber { get; private set; }

    private int line = 1;

    /// <summary>The next record, or null at the end. Throws <see cref="FormatException"/> on a broken quote or an oversized field.</summary>
    public List<string>? ReadRecord()
    {
        var next = reader.Peek();
        if (next < 0)
        {
            return null;
        }

        LineNumber = line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (quoted)
                {
                    throw new FormatException($"A quoted field starting on line {LineNumber} is not closed.");
                }

                fields.Add(field.ToString());
                return fields;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append((char)c);
                }
            }
            else if (c == '"' && field.Length == 0 && !wasQuoted)
            {
                quoted = wasQuoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                wasQuoted = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                line++;
                fields.Add(field.ToString());
                return fields;
            }
            else
            {
                field.Append((char)c);
            }

            if (field.Length > MaxFieldLength)
            {
                throw new FormatException($"A field on line {LineNumber} is longer than {MaxFieldLength} characters.");
            }
        }
    }
}
