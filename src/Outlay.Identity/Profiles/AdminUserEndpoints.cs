using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Identity.Accounts;
using Outlay.Identity.Infrastructure;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Identity.Profiles;

/// <summary>Admin-only management of every account: list and search, read, edit, and grant roles.</summary>
public static class AdminUserEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapAdminUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").RequireAuthorization(OutlayPolicies.Admin).WithTags("Users (admin)");
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        group.MapPut("/{id:guid}/roles", SetRoles);
        return app;
    }

    public static async Task<Results<Ok<UserPage>, ValidationProblem>> List(
        IdentityDbContext db, string? search, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().MaxLength("search", search, 100);
        if (page is < 1)
        {
            errors.Add("page", "Pages start at 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"The page size is between 1 and {MaxPageSize}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Contains(search.Trim().ToUpperInvariant());
            query = query.Where(a => EF.Functions.Like(a.NormalizedEmail, pattern, LikePattern.EscapeCharacter)
                || EF.Functions.Like(a.NormalizedName, pattern, LikePattern.EscapeCharacter));
        }

        var size = pageSize ?? 20;
        var number = page ?? 1;
        var total = await query.CountAsync(cancellationToken);
        var accounts = await query.Include(a => a.Emails).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Skip((number - 1) * size).Take(size).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new UserPage([.. accounts.Select(UserResponse.From)], number, size, total));
    }

    public static Task<Results<Ok<UserResponse>, NotFound>> Get(Guid id, IdentityDbContext db, HttpResponse response, CancellationToken cancellationToken) =>
        ProfileEndpoints.ReadAsync(id, db, response, cancellationToken);

    public static Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult, NotFound>> Update(
        Guid id, ProfileUpdate update, ProfileEditor editor, HttpContext http, CancellationToken cancellationToken) =>
        editor.UpdateAsync(id, update, http, cancellationToken);

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult, NotFound>> SetRoles(
        Guid id, RolesUpdate update, IdentityDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var roles = update.Roles ?? [];
        var errors = new ValidationErrors();
        foreach (var role in roles.Where(r => r is null || !OutlayRoles.Assignable.Contains(r)))
        {
            errors.Add("roles", $"'{role}' is not a role; roles are {string.Join(", ", OutlayRoles.Assignable)}.");
        }

        if (id == http.User.UserId() && !roles.Contains(OutlayRoles.Admin))
        {
            errors.Add("roles", "Admins cannot remove their own admin role.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var account = await db.Accounts.Include(a => a.Emails).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        if (IfMatch.Check(http.Request, UserResponse.From(account).ETag, ProfileEditor.Resource) is { } failed)
        {
            return failed;
        }

        account.SetRoles(roles!);
        account.Touch(clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.PreconditionFailed(ProfileEditor.Resource);
        }
        var user = UserResponse.From(account);
        http.Response.Headers.ETag = user.ETag;
        return TypedResults.Ok(user);
    }
}
