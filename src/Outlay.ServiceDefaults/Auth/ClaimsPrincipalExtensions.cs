using System.Security.Claims;

namespace Outlay.ServiceDefaults.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The account id from the token's <c>sub</c> claim.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id)
            ? id
            : throw new InvalidOperationException("The principal has no user id; the endpoint must require authentication.");

    public static string? Email(this ClaimsPrincipal user) => user.FindFirstValue("email");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(OutlayRoles.Admin);
}
