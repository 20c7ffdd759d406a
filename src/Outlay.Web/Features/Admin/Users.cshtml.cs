using Microsoft.AspNetCore.Mvc;

using Outlay.ServiceDefaults.Auth;
using Outlay.Web.Features.Account;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Admin;

/// <summary>Accounts, searchable and paged, each with its roles editable (with the version it was read at).</summary>
public sealed class UsersModel(IdentityApi identity) : OutlayPage
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public UserPage? Users { get; private set; }

    public static IReadOnlyList<string> Roles => OutlayRoles.Assignable;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } problem ? await ProblemAsync(problem, FieldMap.For("", "search")) : Page();

    public async Task<IActionResult> OnPostRolesAsync(Guid id, string etag, string[] roles, CancellationToken cancellationToken)
    {
        // Every account keeps the user role; the form only grants or removes the others.
        var result = await identity.SetRolesAsync(id, [.. roles.Append(OutlayRoles.User).Distinct()], etag, cancellationToken);
        return result.Succeeded
            ? Done($"{result.Value.DisplayName} now has: {string.Join(", ", result.Value.Roles)}.", routeValues: new { Search, p = PageNumber })
            : await ProblemAsync(result.Problem!, FieldMap.For("", "roles").With("roles", $"Roles-{id}"), async () => await LoadAsync(cancellationToken));
    }

    private async Task<Api.ApiProblem?> LoadAsync(CancellationToken cancellationToken)
    {
        var users = await identity.ListUsersAsync(string.IsNullOrWhiteSpace(Search) ? null : Search, Math.Max(1, PageNumber), 20, cancellationToken);
        Users = users.Value;
        return users.Problem;
    }
}
