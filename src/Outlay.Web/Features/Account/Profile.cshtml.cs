using Microsoft.AspNetCore.Mvc;

namespace Outlay.Web.Features.Account;

public sealed class ProfileModel(IdentityApi identity) : ProfileFormPage
{
    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(identity.GetMeAsync(cancellationToken));

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SaveAsync((change, etag) => identity.UpdateMeAsync(change, etag, cancellationToken), () => identity.GetMeAsync(cancellationToken), "Your profile is saved.",
            "Your profile was changed elsewhere in the meantime. Here it is as it is now; please apply your change again.");
}
