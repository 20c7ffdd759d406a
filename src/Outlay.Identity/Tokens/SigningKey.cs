namespace Outlay.Identity.Tokens;

/// <summary>
/// An RSA key Identity signs access tokens with. The newest key signs; older keys stay in the JWKS until
/// <see cref="PublishedUntil"/>, so tokens they signed keep validating until they expire.
/// </summary>
public sealed class SigningKey
{
    public required string Id { get; set; }

    /// <summary>PKCS#8 PEM. Protect the database like the key itself (see README, "Signing keys").</summary>
    public required string PrivateKeyPem { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Signing starts here; a rotated-in key is published this long before, so every service already has it.</summary>
    public DateTime ActivatesAt { get; set; }

    /// <summary>When a newer key takes over signing.</summary>
    public DateTime? RetiredAt { get; set; }

    public DateTime? PublishedUntil { get; set; }
}
