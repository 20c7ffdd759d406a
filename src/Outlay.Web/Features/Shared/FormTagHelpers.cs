using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Outlay.Web.Features.Shared;

/// <summary>
/// Marks an input whose value was refused (<c>aria-invalid</c>) and ties it to its error message
/// (<c>aria-describedby</c>), so a screen reader reads the message when the field gets focus.
/// Runs after the framework's input tag helpers, which set the id.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class AccessibleFieldTagHelper : TagHelper
{
    public override int Order => 100;

    [HtmlAttributeName("asp-for")]
    public required Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; }

    [HtmlAttributeNotBound]
    [ViewContext]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            var hints = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value + " " : "";
            output.Attributes.SetAttribute("aria-describedby", hints + FieldErrorTagHelper.IdFor(name));
        }
    }
}

/// <summary>
/// <c>&lt;field-error for="Form.Amount" /&gt;</c>: the field's messages, with the id its input points to. The name is
/// a plain string so that partials whose model is not the page's can name the page's fields.
/// </summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public required string For { get; set; }

    [HtmlAttributeNotBound]
    [ViewContext]
    public required ViewContext ViewContext { get; set; }

    public static string IdFor(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For);
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.Attributes.SetAttribute("id", IdFor(name));
        output.Attributes.SetAttribute("class", "field-error");
        // SetContent encodes: an API message can never inject markup.
        output.Content.SetContent(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
    }
}
