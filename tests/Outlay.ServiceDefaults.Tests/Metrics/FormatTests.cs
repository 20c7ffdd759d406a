using System.Globalization;

using Outlay.ServiceDefaults.Metrics;

namespace Outlay.ServiceDefaults.Metrics.Tests;

public class FormatTests
{
    [Fact]
    public void LabelValue_EscapesBackslashQuoteAndNewline() =>
        Assert.Equal(@"a\\b\""c\nd", PrometheusFormat.EscapeLabelValue("a\\b\"c\nd"));

    [Fact]
    public void Help_EscapesBackslashAndNewlineOnly() =>
        Assert.Equal(@"say ""hi""\\\nbye", PrometheusFormat.EscapeHelp("say \"hi\"\\\nbye"));

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.005, "0.005")]
    [InlineData(-3, "-3")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Double_UsesPrometheusSpelling(double value, string expected) =>
        Assert.Equal(expected, PrometheusFormat.FormatDouble(value));

    [Fact]
    public void Double_IsCultureInvariantAndRoundTrips()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var random = new Random(42);
            for (var i = 0; i < 1000; i++)
            {
                var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20));
                var text = new System.Text.StringBuilder().AppendDouble(value).ToString();
                Assert.Equal(PrometheusFormat.FormatDouble(value), text);
                Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Labels_AreSortedSanitizedAndCollisionsJoined()
    {
        KeyValuePair<string, object?>[] tags = [new("z.key", true), new("a.b", 1), new("a_b", "x\"y"), new("n", null)];
        Assert.Equal("a_b=\"1;x\\\"y\",n=\"\",z_key=\"true\"", PrometheusFormat.FormatLabels(tags));
    }
}
