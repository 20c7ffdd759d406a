using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

using Microsoft.AspNetCore.Html;

namespace Outlay.Web.Rendering;

/// <summary>One bar: its label, its size, and the text shown at its end.</summary>
public sealed record ChartBar(string Label, decimal Value, string Text);

/// <summary>
/// Bar charts drawn on the server as inline SVG: no script, no library, readable without colour (values are
/// written next to the bars) and described for screen readers by a title. Every label is HTML-encoded.
/// </summary>
public static class SvgBarChart
{
    private const int Width = 640;
    private const int RowHeight = 28;
    private const int LabelWidth = 170;
    private const int ValueWidth = 130;

    /// <summary>One horizontal bar per item, largest first as given; suits long labels (categories).</summary>
    public static IHtmlContent Horizontal(string id, string title, IReadOnlyList<ChartBar> bars)
    {
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var height = Math.Max(1, bars.Count) * RowHeight + 10;
        var svg = Start(id, title, height);
        var span = Width - LabelWidth - ValueWidth;
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 5 + i * RowHeight;
            var length = max <= 0 ? 0 : (int)Math.Round(span * (bar.Value / max));
            svg.Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\">{Encode(Shorten(bar.Label, 24))}</text>"));
            svg.Append(Invariant($"<rect class=\"bar\" x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{Math.Max(length, 1)}\" height=\"{RowHeight - 8}\" rx=\"3\"><title>{Encode(bar.Label)}: {Encode(bar.Text)}</title></rect>"));
            svg.Append(Invariant($"<text x=\"{LabelWidth + length + 6}\" y=\"{y + 18}\">{Encode(bar.Text)}</text>"));
        }

        return End(svg);
    }

    /// <summary>One column per item in the given order; suits a time line (months).</summary>
    public static IHtmlContent Columns(string id, string title, IReadOnlyList<ChartBar> bars)
    {
        const int height = 260;
        const int top = 24;
        const int bottom = 40;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var svg = Start(id, title, height);
        var slot = (Width - 20) / (double)Math.Max(1, bars.Count);
        var barWidth = Math.Max(4, slot * 0.6);
        var plot = height - top - bottom;
        svg.Append(Invariant($"<line class=\"axis\" x1=\"10\" y1=\"{height - bottom}\" x2=\"{Width - 10}\" y2=\"{height - bottom}\"/>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var size = max <= 0 ? 0 : plot * (double)(bar.Value / max);
            var x = 10 + i * slot + (slot - barWidth) / 2;
            var y = height - bottom - size;
            var middle = x + barWidth / 2;
            svg.Append(Invariant($"<rect class=\"bar-alt\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{barWidth:0.#}\" height=\"{Math.Max(size, 1):0.#}\" rx=\"3\"><title>{Encode(bar.Label)}: {Encode(bar.Text)}</title></rect>"));
            if (bars.Count <= 12)
            {
                svg.Append(Invariant($"<text x=\"{middle:0.#}\" y=\"{y - 6:0.#}\" text-anchor=\"middle\">{Encode(bar.Text)}</text>"));
            }

            svg.Append(Invariant($"<text x=\"{middle:0.#}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{Encode(Shorten(bar.Label, 10))}</text>"));
        }

        return End(svg);
    }

    private static StringBuilder Start(string id, string title, int height) =>
        new StringBuilder().Append(Invariant(
            $"<svg class=\"chart\" id=\"{Encode(id)}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{Encode(id)}-title\" xmlns=\"http://www.w3.org/2000/svg\">"))
            .Append(Invariant($"<title id=\"{Encode(id)}-title\">{Encode(title)}</title>"));

    private static HtmlString End(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
