namespace Outlay.Expenses.IntegrationEvents;

/// <summary>
/// The newest profile Identity announced for a user, as far as claims need it (display name and login email).
/// Kept by version, so a snapshot that arrives late never overwrites a newer one.
/// </summary>
public sealed class SubmitterProfile
{
    public Guid UserId { get; set; }
    public int ProfileVersion { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public DateTime UpdatedAt { get; set; }
}
