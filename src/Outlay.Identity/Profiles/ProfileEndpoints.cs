using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Identity.Infrastructure;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Identity.Profiles;

/// <summary><c>/api/users/me</c>: a signed-in person's own profile.</summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users/me").RequireAuthorization(OutlayPolicies.User).WithTags("Profile");
        group.MapGet("/", GetMine);
        group.MapPut("/", UpdateMine);
        return app;
    }

    public static Task<Results<Ok<UserResponse>, NotFound>> GetMine(ClaimsPrincipal user, IdentityDbContext db, HttpResponse response, CancellationToken cancellationToken) =>
        ReadAsync(user.UserId(), db, response, cancellationToken);

    public static Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult, NotFound>> UpdateMine(
        ProfileUpdate update, ClaimsPrincipal user, ProfileEditor editor, HttpContext http, CancellationToken cancellationToken) =>
        editor.UpdateAsync(user.UserId(), update, http, cancellationToken);

    /// <summary>One profile with its ETag, for its owner and for an admin alike.</summary>
    internal static async Task<Results<Ok<UserResponse>, NotFound>> ReadAsync(Guid id, IdentityDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().Include(a => a.Emails).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var profile = UserResponse.From(account);
        response.Headers.ETag = profile.ETag;
        return TypedResults.Ok(profile);
    }
}
