using System.Text;

namespace Outlay.Expenses.Csv;

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
