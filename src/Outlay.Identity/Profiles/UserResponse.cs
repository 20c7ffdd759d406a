using Outlay.Identity.Accounts;

namespace Outlay.Identity.Profiles;

public sealed record UserResponse(
    Guid Id,
    string Email,
    string FirstName,
    string LastName,
    IReadOnlyList<string> Emails,
    DeliveryAddress? DeliveryAddress,
    string? PhoneNumber,
    IReadOnlyList<string> Roles,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int Version)
{
    public static UserResponse From(Account account) => new(
        account.Id,
        account.Email,
        account.FirstName,
        account.LastName,
        [.. account.Emails.OrderBy(e => e.Position).Select(e => e.Email)],
        account.DeliveryAddress,
        account.PhoneNumber,
        account.RoleList,
        account.CreatedAt,
        account.UpdatedAt,
        account.Version);

    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"{Version}\"";
}

public sealed record UserPage(IReadOnlyList<UserResponse> Items, int Page, int PageSize, int Total);
