using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Outlay.Web.Session;

/// <summary>
/// A Data Protection key ring of one key derived from a configured secret (HKDF-SHA256), for replicas that share no
/// writable folder: containers with a read-only root filesystem, Kubernetes pods. Every replica given the same
/// secret derives the same key, so a cookie one issued the others read; nothing is ever written. Rotating means
/// changing the secret, which signs everyone out.
/// </summary>
public sealed class SecretDerivedKeyRing : IXmlRepository
{
    /// <summary>As long as a 256-bit key written in base64, so a guessable phrase is refused.</summary>
    public const int MinimumSecretLength = 32;

    private static readonly DateTimeOffset ActiveFrom = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ActiveUntil = new(2999, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly XElement _key;

    public SecretDerivedKeyRing(string secret)
    {
        if (secret.Length < MinimumSecretLength)
        {
            throw new InvalidOperationException(
                $"Outlay:Web:KeyRingSecret must have at least {MinimumSecretLength} characters (e.g. `openssl rand -base64 32`).");
        }

        var input = Encoding.UTF8.GetBytes(secret);
        var keyId = new Guid(HKDF.DeriveKey(HashAlgorithmName.SHA256, input, 16, "outlay-web-keyring"u8.ToArray(), "key-id"u8.ToArray()));
        var masterKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, input, 64, "outlay-web-keyring"u8.ToArray(), "master-key"u8.ToArray());
        var descriptor = new AuthenticatedEncryptorDescriptor(new AuthenticatedEncryptorConfiguration(), new Secret(masterKey)).ExportToXml();
        CryptographicOperations.ZeroMemory(masterKey);
        // The element Data Protection's key manager writes for a key it creates, and reads back from any repository.
        _key = new XElement("key",
            new XAttribute("id", keyId.ToString("D", CultureInfo.InvariantCulture)),
            new XAttribute("version", 1),
            new XElement("creationDate", ActiveFrom),
            new XElement("activationDate", ActiveFrom),
            new XElement("expirationDate", ActiveUntil),
            new XElement("descriptor",
                new XAttribute("deserializerType", descriptor.DeserializerType.AssemblyQualifiedName!),
                descriptor.SerializedDescriptorElement));
    }

    public IReadOnlyCollection<XElement> GetAllElements() => [new XElement(_key)];

    public void StoreElement(XElement element, string friendlyName) =>
        throw new InvalidOperationException("The web app's key ring is derived from Outlay:Web:KeyRingSecret and cannot store new keys.");
}
