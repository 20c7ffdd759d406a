using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Account;

/// <summary>The inputs of a profile (<c>_ProfileFields</c>): one's own on the profile page, anyone's on the admin's user page.</summary>
public sealed class ProfileForm : IEmailListForm
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public List<string?> Emails { get; set; } = [];
    public AddressForm Address { get; set; } = new();
    public string? PhoneNumber { get; set; }

    /// <summary>The version the form was filled from, sent back as If-Match so a newer change is never overwritten.</summary>
    public string? ETag { get; set; }

    /// <summary>The profile as it is, with one spare email input to add another.</summary>
    public static ProfileForm From(UserProfile profile) => new()
    {
        FirstName = profile.FirstName,
        LastName = profile.LastName,
        Emails = [.. profile.Emails, ""],
        Address = AddressForm.From(profile.DeliveryAddress),
        PhoneNumber = profile.PhoneNumber,
        ETag = profile.ETag,
    };

    public ProfileChange ToChange() => new(FirstName, LastName, Emails, Address.ToAddress(), string.IsNullOrWhiteSpace(PhoneNumber) ? null : PhoneNumber.Trim());
}

/// <summary>
/// A page that edits a profile through Identity's PUT (own or, for an admin, anyone's): Identity's field errors next to
/// their inputs, and a form filled from an older version reloaded rather than saved over a newer one.
/// </summary>
public abstract class ProfileFormPage : OutlayPage
{
    public static readonly FieldMap Fields = FieldMap.For("Form", "firstName", "lastName", "emails", "phoneNumber")
        .WithAddress("deliveryAddress", "Address").Itemized("emails");

    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    /// <summary>The profile as read, for what the form does not show (login email, roles, member since).</summary>
    public UserProfile? Profile { get; protected set; }

    protected async Task<IActionResult> ShowAsync(Task<ApiResult<UserProfile>> read)
    {
        var result = await read;
        if (result.Problem?.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            return await ProblemAsync(result.Problem!);
        }

        Profile = result.Value;
        Form = ProfileForm.From(result.Value);
        return Page();
    }

    /// <param name="save">The PUT, given the change and the If-Match version.</param>
    /// <param name="read">The GET, to show the profile's other details again beside a refused form.</param>
    /// <param name="changedElsewhere">What to say when someone saved a newer version first: the page then shows that one.</param>
    protected async Task<IActionResult> SaveAsync(
        Func<ProfileChange, string, Task<ApiResult<UserProfile>>> save, Func<Task<ApiResult<UserProfile>>> read, string saved, string changedElsewhere, object? routeValues = null)
    {
        Form.DropBlankEmails(ModelState, nameof(Form));
        var result = await save(Form.ToChange(), Form.ETag ?? "\"0\"");
        if (result.Succeeded)
        {
            return Done(saved, routeValues: routeValues);
        }

        if (result.Problem!.Status == StatusCodes.Status412PreconditionFailed)
        {
            Flash = changedElsewhere;
            return RedirectToPage(routeValues);
        }

        Form.AddSpareEmail();
        return await ProblemAsync(result.Problem, Fields, async () => Profile = (await read()).Value);
    }
}
