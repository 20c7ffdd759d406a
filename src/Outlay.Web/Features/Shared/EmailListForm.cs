using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Outlay.Web.Features.Shared;

/// <summary>
/// A form with one input per email (<c>_EmailFields</c>), plus a spare empty one to add another. Blank inputs are
/// spare slots, not emails.
/// </summary>
public interface IEmailListForm
{
    List<string?> Emails { get; set; }
}

public static class EmailListForms
{
    /// <summary>
    /// Drops the blank inputs before the emails go to the API, so that its <c>emails[i]</c> errors name the right
    /// input, and forgets what was posted into each input: shown again, the inputs hold the list as sent.
    /// </summary>
    /// <param name="prefix">The form's property name on the page (<c>Form</c>, <c>Details</c>).</param>
    public static void DropBlankEmails(this IEmailListForm form, ModelStateDictionary modelState, string prefix)
    {
        form.Emails = [.. form.Emails.Where(e => !string.IsNullOrWhiteSpace(e))];
        foreach (var key in modelState.Keys.Where(k => k.StartsWith(prefix + ".Emails[", StringComparison.Ordinal)).ToList())
        {
            modelState.Remove(key);
        }
    }

    /// <summary>Offers one more input, to add an email.</summary>
    public static void AddSpareEmail(this IEmailListForm form) => form.Emails.Add("");
}
