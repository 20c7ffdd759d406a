using Outlay.ServiceDefaults.Auth;

namespace Outlay.Identity.Accounts;

/// <summary>
/// A person who can sign in. The login email is kept apart from the contact emails of the profile:
/// changing where orders are mailed never changes how someone signs in.
/// </summary>
public sealed class Account
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
    public string PasswordHash { get; set; } = "";
    public required string FirstName { get; set; }
    public required string LastName { get; set; }

    /// <summary>Upper-cased "first last", so that admin search is case-insensitive on both providers.</summary>
    public string NormalizedName { get; set; } = "";

    /// <summary>Space-separated roles; every account has <c>user</c>.</summary>
    public string Roles { get; set; } = OutlayRoles.User;

    public List<AccountEmail> Emails { get; set; } = [];
    public DeliveryAddress? DeliveryAddress { get; set; }
    public string? PhoneNumber { get; set; }

    public int FailedLoginCount { get; set; }
    public int LockoutCount { get; set; }
    public DateTime? LockedUntil { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Incremented on every profile change; the ETag clients send back in <c>If-Match</c>.</summary>
    public int Version { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    /// <summary>The first lockout lasts <see cref="IdentityOptions.LockoutBase"/>; each further one twice as long, up to the maximum.</summary>
    public static TimeSpan LockoutDuration(int previousLockouts, IdentityOptions options)
    {
        var factor = Math.Pow(2, Math.Min(previousLockouts, 16));
        return TimeSpan.FromTicks((long)Math.Min(options.LockoutBase.Ticks * factor, options.LockoutMaximum.Ticks));
    }

    public void SetRoles(IEnumerable<string> roles)
    {
        var set = new SortedSet<string>(roles, StringComparer.Ordinal) { OutlayRoles.User };
        Roles = string.Join(' ', set);
    }

    public void Touch(DateTime now)
    {
        NormalizedName = $"{FirstName} {LastName}".ToUpperInvariant();
        UpdatedAt = now;
        Version++;
    }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}

/// <summary>A contact email of a profile; unique across all accounts.</summary>
public sealed class AccountEmail
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AccountId { get; set; }
    public int Position { get; set; }
    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
}

public sealed record DeliveryAddress(string Street, string City, string State, string PostalCode, string Country);
