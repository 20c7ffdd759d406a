namespace Outlay.Identity.Tokens;

/// <summary>
/// One link of a refresh-token chain. Only the SHA-256 of the opaque token is stored. Every refresh uses
/// the token up and issues the next one in the same family; presenting a used token again means it was
/// copied, so the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid FamilyId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
