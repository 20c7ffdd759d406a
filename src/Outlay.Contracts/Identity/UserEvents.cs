namespace Outlay.Contracts.Identity;

/// <summary>Postal address as Identity stores it.</summary>
public sealed record PostalAddress(string Street, string City, string State, string PostalCode, string Country);

/// <summary>
/// A profile as it is after a change. <see cref="ProfileVersion"/> grows with every change, so a replica keeps the
/// highest version it has seen and ignores an older snapshot that arrives late.
/// </summary>
public sealed record UserProfileSnapshot(
    Guid UserId,
    int ProfileVersion,
    string LoginEmail,
    string FirstName,
    string LastName,
    IReadOnlyList<string> Emails,
    PostalAddress? DeliveryAddress,
    string? PhoneNumber);

public sealed record UserRegistered(UserProfileSnapshot Profile, DateTime RegisteredAt) : IIntegrationEvent
{
    public static string EventType => "identity.user-registered.v1";
}

public sealed record UserProfileUpdated(UserProfileSnapshot Profile, DateTime UpdatedAt) : IIntegrationEvent
{
    public static string EventType => "identity.user-profile-updated.v1";
}
