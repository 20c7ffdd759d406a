using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Account;

namespace Outlay.Web.Features.Admin;

/// <summary>An admin reads and edits anyone's profile (names, contact emails, delivery address, phone) with Identity's PUT /api/users/{id}.</summary>
public sealed class UserModel(IdentityApi identity) : ProfileFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(identity.GetUserAsync(Id, cancellationToken));

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SaveAsync((change, etag) => identity.UpdateUserAsync(Id, change, etag, cancellationToken), () => identity.GetUserAsync(Id, cancellationToken), $"The profile of {Form.FirstName} {Form.LastName} is saved.",
            "This profile was changed elsewhere in the meantime (by its owner or another admin). Here it is as it is now; please apply your change again.",
            new { Id });
}
