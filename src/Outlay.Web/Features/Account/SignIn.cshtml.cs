using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;
using Outlay.Web.Session;

namespace Outlay.Web.Features.Account;

public sealed class SignInModel(IdentityApi identity, SessionSignIn session) : OutlayPage
{
    public static readonly FieldMap Fields = FieldMap.For("Form", "email", "password");

    [BindProperty]
    public SignInForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await identity.LoginAsync(Form.Email, Form.Password, cancellationToken);
        if (!result.Succeeded)
        {
            Form.Password = null;
            // Here a 401 means wrong credentials, not an ended session.
            return ProblemPage(result.Problem!, Fields);
        }

        await session.SignInAsync(HttpContext, result.Value, Form.Remember);
        return LocalRedirect(SafeReturnUrl);
    }

    /// <summary>Only a path on this site: an open redirect would let a link send a fresh session elsewhere.</summary>
    private string SafeReturnUrl => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/expenses";
}

public sealed class SignInForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public bool Remember { get; set; }
}
