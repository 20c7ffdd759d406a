using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Account;

public sealed class ProfileModel(IdentityApi identity) : OutlayPage
{
    public static readonly FieldMap Fields = FieldMap.For("Form", "firstName", "lastName", "emails", "phoneNumber")
        .With("deliveryAddress.street", "Street").With("deliveryAddress.city", "City").With("deliveryAddress.state", "State")
        .With("deliveryAddress.postalCode", "PostalCode").With("deliveryAddress.country", "Country").Itemized("emails");

    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    public UserProfile? Profile { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await identity.GetMeAsync(cancellationToken);
        if (!result.Succeeded)
        {
            return await ProblemAsync(result.Problem!);
        }

        Profile = result.Value;
        Form = ProfileForm.From(result.Value);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Blank email inputs are spare slots, not emails; compacting first keeps the API's emails[i] errors on the right input.
        Form.Emails = [.. Form.Emails.Where(e => !string.IsNullOrWhiteSpace(e))];
        var result = await identity.UpdateMeAsync(Form.ToChange(), Form.ETag ?? "\"0\"", cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Problem!.Status == StatusCodes.Status412PreconditionFailed)
            {
                Flash = "Your profile was changed elsewhere in the meantime. Here it is as it is now; please apply your change again.";
                return RedirectToPage();
            }

            Form.Emails.Add("");
            return await ProblemAsync(result.Problem, Fields);
        }

        return Done("Your profile is saved.");
    }
}

public sealed class ProfileForm
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public List<string?> Emails { get; set; } = [];
    public string? Street { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? PostalCode { get; set; }
    public string? Country { get; set; }
    public string? PhoneNumber { get; set; }

    /// <summary>The version the form was filled from, sent back as If-Match so a newer change is never overwritten.</summary>
    public string? ETag { get; set; }

    public static ProfileForm From(UserProfile profile) => new()
    {
        FirstName = profile.FirstName,
        LastName = profile.LastName,
        Emails = [.. profile.Emails, ""],
        Street = profile.DeliveryAddress?.Street,
        City = profile.DeliveryAddress?.City,
        State = profile.DeliveryAddress?.State,
        PostalCode = profile.DeliveryAddress?.PostalCode,
        Country = profile.DeliveryAddress?.Country,
        PhoneNumber = profile.PhoneNumber,
        ETag = profile.ETag,
    };

    public ProfileChange ToChange()
    {
        string?[] address = [Street, City, State, PostalCode, Country];
        var hasAddress = address.Any(part => !string.IsNullOrWhiteSpace(part));
        return new ProfileChange(FirstName, LastName, Emails,
            hasAddress ? new DeliveryAddress(Street!, City!, State!, PostalCode!, Country!) : null,
            string.IsNullOrWhiteSpace(PhoneNumber) ? null : PhoneNumber.Trim());
    }
}
