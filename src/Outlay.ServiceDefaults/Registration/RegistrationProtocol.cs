namespace Outlay.ServiceDefaults.Registration;

/// <summary>The wire contract between the registration client in every service and the gateway's registry.</summary>
public static class RegistrationProtocol
{
    /// <summary><c>PUT {InstancesPath}/{instanceId}</c> registers or renews; <c>DELETE</c> deregisters.</summary>
    public const string InstancesPath = "/gateway/registry/instances";

    public const string SecretHeader = "X-Outlay-Registration-Secret";
}

/// <param name="Service">The cluster's service name (e.g. <c>identity</c>).</param>
/// <param name="Url">Where the gateway reaches this instance.</param>
/// <param name="Version">Version label for canary splits (e.g. <c>v1</c>).</param>
/// <param name="Weight">Share of its version's traffic relative to the other instances.</param>
public sealed record InstanceRegistration(string? Service, string? Url, string? Version, int? Weight);

/// <param name="LeaseSeconds">How long the registration holds without a heartbeat.</param>
public sealed record RegistrationLease(int LeaseSeconds);
