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

public static partial class AuthEndpoints
{
    private const string InvalidCredentials = "The email or password is wrong, or the account is temporarily locked after too many failed attempts.";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").AllowAnonymous().WithTags("Authentication");
        group.MapPost("/register", Register);
        group.MapPost("/login", Login);
        group.MapPost("/refresh", Refresh);
        group.MapPost("/logout", Logout);
        return app;
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
        LoginRequest request, IdentityDbContext db, IPasswordHasher<Account> hasher, TokenPairIssuer tokens,
        IOptions<IdentityOptions> options, TimeProvider clock, ILogger<LoginRequest> logger, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("email", request.Email).Required("password", request.Password)
            .MaxLength("password", request.Password, PasswordPolicy.MaximumLength).MaxLength("email", request.Email, 254);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var normalized = Account.Normalize(request.Email!);
        var account = await db.Accounts.Include(a => a.Emails).FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (account is null)
        {
            // Spend the same time as a real check so response timing does not reveal which emails exist.
            hasher.VerifyHashedPassword(DecoyAccount, DecoyHash, request.Password!);
            LogFailedLogin(logger, "unknown account");
            return Unauthorized();
        }

        if (account.IsLockedOut(now))
        {
            LogFailedLogin(logger, $"account {account.Id} is locked until {account.LockedUntil:O}");
            return Unauthorized();
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            if (account.RecordFailedLogin(now, options.Value) is { } lockedUntil)
            {
                LogLockout(logger, account.Id, lockedUntil);
            }

            await db.SaveChangesAsync(cancellationToken);
            LogFailedLogin(logger, $"wrong password for account {account.Id}");
            return Unauthorized();
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, request.Password!);
        }

        account.RecordSuccessfulLogin();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await tokens.IssueAsync(account, familyId: null, cancellationToken));
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

    private static readonly Account DecoyAccount = new() { Email = "", NormalizedEmail = "", FirstName = "", LastName = "" };
    private static readonly string DecoyHash = new PasswordHasher<Account>().HashPassword(DecoyAccount, Guid.NewGuid().ToString());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login: {Reason}")]
    private static partial void LogFailedLogin(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} locked until {LockedUntil:O} after repeated failed logins")]
    private static partial void LogLockout(ILogger logger, Guid accountId, DateTime lockedUntil);
}
