using System.Security.Claims;

using Outlay.ServiceDefaults.Auth;

namespace Outlay.Expenses.Claims;

/// <summary>Who the caller is, as far as claims care: id, display name and email from the access token, and whether they may decide.</summary>
internal static class ClaimantIdentity
{
    public static Actor Actor(this ClaimsPrincipal user) =>
        new(user.UserId(), user.IsInRole(OutlayRoles.Approver) || user.IsInRole(OutlayRoles.Admin));

    public static string DisplayName(this ClaimsPrincipal user)
    {
        var name = $"{user.FindFirstValue("given_name")} {user.FindFirstValue("family_name")}".Trim();
        return name.Length > 0 ? name : user.Email() ?? user.UserId().ToString();
    }
}
