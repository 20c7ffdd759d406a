using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using Outlay.Identity.Accounts;
using Outlay.Identity.Infrastructure;
using Outlay.Identity.Profiles;
using Outlay.Identity.Tokens;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Identity.Authentication;

public static class AuthEndpoints
{
    private const string InvalidCredentials = "The email or password is wrong, or the account is temporarily locked after too many failed attempts.";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").AllowAnonymous().WithTags("Authentication").AddEndpointFilter(NoStore);
        group.MapPost("/register", Register);
        group.MapPost("/login", Login);
        group.MapPost("/refresh", Refresh);
        group.MapPost("/logout", Logout);

        // Seed 000 creates accounts with POST /api/users: the same registration (handler, validation, answers),
        // under the collection it adds to. Only POST is anonymous; the rest of /api/users stays admin-only.
        app.MapPost("/api/users", Register).AllowAnonymous().WithTags("Authentication").AddEndpointFilter(NoStore);
        return app;
    }

    /// <summary>Token responses must never be stored by a cache (RFC 6749 §5.1); the rest of the group answers alike.</summary>
    private static async ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return await next(context);
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, AccountRegistration registration, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Required("email", request.Email).Email("email", request.Email?.Trim())
            .Required("firstName", request.FirstName).MaxLength("firstName", request.FirstName, 100)
            .Required("lastName", request.LastName).MaxLength("lastName", request.LastName, 100);
        if (PasswordPolicy.Check(request.Password, request.Email) is { } passwordError)
        {
            errors.Add("password", passwordError);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var account = await registration.RegisterAsync(request.Email!.Trim(), request.Password!, request.FirstName!.Trim(), request.LastName!.Trim(), [], cancellationToken);
        if (account is null)
        {
            return new ValidationErrors().Add("email", "An account with this email already exists.").ToProblem();
        }

        return TypedResults.Created($"/api/users/{account.Id}", UserResponse.From(account));
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> Login(
        LoginRequest request, SignIn signIn, TokenPairIssuer tokens, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("email", request.Email).Required("password", request.Password)
            .MaxLength("password", request.Password, PasswordPolicy.MaximumLength).MaxLength("email", request.Email, 254);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var account = await signIn.CheckAsync(request.Email!, request.Password!, cancellationToken);
        return account is null ? Unauthorized() : TypedResults.Ok(await tokens.IssueAsync(account, familyId: null, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> Refresh(
        RefreshRequest request, RefreshTokenService refreshTokens, IdentityDbContext db, TokenPairIssuer tokens, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("refreshToken", request.RefreshToken).MaxLength("refreshToken", request.RefreshToken, 200);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var used = await refreshTokens.ConsumeAsync(request.RefreshToken!, cancellationToken);
        var account = used is null ? null : await db.Accounts.FirstOrDefaultAsync(a => a.Id == used.AccountId, cancellationToken);
        if (used is null || account is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The refresh token is invalid, expired or revoked.");
        }

        return TypedResults.Ok(await tokens.IssueAsync(account, used.FamilyId, cancellationToken));
    }

    public static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest request, RefreshTokenService refreshTokens, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("refreshToken", request.RefreshToken).MaxLength("refreshToken", request.RefreshToken, 200);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        await refreshTokens.RevokeAsync(request.RefreshToken!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: InvalidCredentials);
}
