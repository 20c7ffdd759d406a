using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Features.Shared;
using Outlay.Web.Session;

namespace Outlay.Web.Features.Account;

public sealed class SignUpModel(IdentityApi identity, SessionSignIn session) : OutlayPage
{
    public static readonly FieldMap Fields = FieldMap.For("Form", "email", "password", "firstName", "lastName");

    [BindProperty]
    public SignUpForm Form { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var registered = await identity.RegisterAsync(Form.Email, Form.Password, Form.FirstName, Form.LastName, cancellationToken);
        if (!registered.Succeeded)
        {
            Form.Password = null;
            return await ProblemAsync(registered.Problem!, Fields);
        }

        var tokens = await identity.LoginAsync(Form.Email, Form.Password, cancellationToken);
        if (!tokens.Succeeded)
        {
            return Done("Your account is ready. Please sign in.", "/Account/SignIn");
        }

        await session.SignInAsync(HttpContext, tokens.Value, remember: false);
        return Done($"Welcome to Outlay, {registered.Value.FirstName}!", "/Expenses/Index");
    }
}

public sealed class SignUpForm
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
}
