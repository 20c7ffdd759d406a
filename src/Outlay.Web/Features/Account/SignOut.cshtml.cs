using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;
using Outlay.Web.Session;

namespace Outlay.Web.Features.Account;

/// <summary>POST only (with the anti-forgery token): a link or image elsewhere cannot sign a user out.</summary>
public sealed class SignOutModel(IdentityApi identity) : OutlayPage
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await SessionSignIn.RefreshTokenAsync(HttpContext) is { } refreshToken)
        {
            // Revoke the token family too, so a stolen copy of the cookie is worthless; if Identity is down the cookie still goes.
            await identity.LogoutAsync(refreshToken, cancellationToken);
        }

        await SessionSignIn.SignOutAsync(HttpContext);
        return Done("You are signed out.", "/Account/SignIn");
    }
}
