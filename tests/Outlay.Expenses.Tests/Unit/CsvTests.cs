using Outlay.Expenses.Csv;

namespace Outlay.Expenses.Tests.Unit;

public sealed class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("'already quoted", "''already quoted")]
    [InlineData("-12.50", "-12.50")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData(" padded ", "\" padded \"")]
    public void Cells_that_a_spreadsheet_would_evaluate_are_defused(string value, string field) => Assert.Equal(field, CsvFormat.Field(value));

    [Theory]
    [InlineData("=1+1")]
    [InlineData("'=1+1")]
    [InlineData("''")]
    [InlineData("'")]
    [InlineData("@x")]
    [InlineData("-5")]
    [InlineData("ordinary text, with \"quotes\"\nand lines")]
    public void Every_value_survives_a_write_and_a_read(string value)
    {
        var line = CsvFormat.Line(["a", value, "z"]);
        var record = new CsvReader(new StringReader(line)).ReadRecord()!;
        Assert.Equal(["a", value, "z"], record.Select(CsvFormat.RestoreFormula));
    }

    [Fact]
    public void The_reader_handles_lf_crlf_quotes_and_reports_lines()
    {
        var reader = new CsvReader(new StringReader("h1,h2\r\n\"multi\nline\",2\nlast,\"\"\"q\"\"\""));
        Assert.Equal(["h1", "h2"], reader.ReadRecord());
        Assert.Equal(["multi\nline", "2"], reader.ReadRecord());
        Assert.Equal(2, reader.LineNumber);
        Assert.Equal(["last", "\"q\""], reader.ReadRecord());
        Assert.Equal(4, reader.LineNumber);
        Assert.Null(reader.ReadRecord());
    }

    [Fact]
    public void An_unclosed_quote_is_a_format_error() =>
        Assert.Throws<FormatException>(() => new CsvReader(new StringReader("a,\"open\n")).ReadRecord());

    [Fact]
    public void An_oversized_field_is_a_format_error() =>
        Assert.Throws<FormatException>(() => new CsvReader(new StringReader(new string('x', CsvReader.MaxFieldLength + 1))).ReadRecord());
}
