using Outlay.Contracts.Identity;

namespace Outlay.Identity.Accounts;

/// <summary>The profile as other services replicate it (Ordering's buyers, Expenses' submitters).</summary>
internal static class ProfileSnapshots
{
    public static UserProfileSnapshot Of(Account account) => new(
        account.Id,
        account.Version,
        account.Email,
        account.FirstName,
        account.LastName,
        [.. account.Emails.OrderBy(e => e.Position).Select(e => e.Email)],
        account.DeliveryAddress is { } address
            ? new PostalAddress(address.Street, address.City, address.State, address.PostalCode, address.Country)
            : null,
        account.PhoneNumber);
}
