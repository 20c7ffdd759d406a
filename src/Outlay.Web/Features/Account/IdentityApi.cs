using System.Globalization;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;
using Outlay.Web.Session;

namespace Outlay.Web.Features.Account;

public sealed record UserProfile(
    Guid Id, string Email, string FirstName, string LastName, IReadOnlyList<string> Emails, DeliveryAddress? DeliveryAddress,
    string? PhoneNumber, IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";

    public string DisplayName => $"{FirstName} {LastName}";
}

public sealed record UserPage(IReadOnlyList<UserProfile> Items, int Page, int PageSize, int Total);

public sealed record ProfileChange(string? FirstName, string? LastName, IReadOnlyList<string?> Emails, DeliveryAddress? DeliveryAddress, string? PhoneNumber);

/// <summary>Identity's API (<c>/api/auth</c>, <c>/api/users</c>) as the pages use it.</summary>
public sealed class IdentityApi(GatewayClient api)
{
    public Task<ApiResult<UserProfile>> RegisterAsync(string? email, string? password, string? firstName, string? lastName, CancellationToken cancellationToken) =>
        api.SendAsync<UserProfile>(HttpMethod.Post, "/api/auth/register", new { email, password, firstName, lastName }, null, cancellationToken);

    public Task<ApiResult<TokenPair>> LoginAsync(string? email, string? password, CancellationToken cancellationToken) =>
        api.SendAsync<TokenPair>(HttpMethod.Post, "/api/auth/login", new { email, password }, null, cancellationToken);

    public Task<ApiResult<TokenPair>> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        api.SendAsync<TokenPair>(HttpMethod.Post, "/api/auth/refresh", new { refreshToken }, null, cancellationToken);

    public Task<ApiResult> LogoutAsync(string refreshToken, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Post, "/api/auth/logout", new { refreshToken }, null, cancellationToken);

    public Task<ApiResult<UserProfile>> GetMeAsync(CancellationToken cancellationToken) =>
        api.GetAsync<UserProfile>("/api/users/me", cancellationToken);

    public Task<ApiResult<UserProfile>> UpdateMeAsync(ProfileChange change, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<UserProfile>(HttpMethod.Put, "/api/users/me", change, etag, cancellationToken);

    public Task<ApiResult<UserPage>> ListUsersAsync(string? search, int page, int pageSize, CancellationToken cancellationToken) =>
        api.GetAsync<UserPage>(Query.Of("/api/users", ("search", search), ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", pageSize.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<ApiResult<UserProfile>> GetUserAsync(Guid id, CancellationToken cancellationToken) =>
        api.GetAsync<UserProfile>($"/api/users/{id}", cancellationToken);

    /// <summary>An admin's change to anyone's profile; the same rules as one's own, with the version it was read at.</summary>
    public Task<ApiResult<UserProfile>> UpdateUserAsync(Guid id, ProfileChange change, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<UserProfile>(HttpMethod.Put, $"/api/users/{id}", change, etag, cancellationToken);

    public Task<ApiResult<UserProfile>> SetRolesAsync(Guid id, IReadOnlyList<string> roles, string etag, CancellationToken cancellationToken) =>
        api.SendAsync<UserProfile>(HttpMethod.Put, $"/api/users/{id}/roles", new { roles }, etag, cancellationToken);
}
