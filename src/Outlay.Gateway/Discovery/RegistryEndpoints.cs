using System.Security.Cryptography;
using System.Text;

using Microsoft.AspNetCore.Http.HttpResults;

using Outlay.ServiceDefaults.Registration;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Gateway.Discovery;

/// <summary>Bound from <c>Gateway:Registry</c>.</summary>
internal sealed class RegistryOptions
{
    public const string Section = "Gateway:Registry";

    /// <summary>Shared with the services; without it self-registration is switched off.</summary>
    public string? Secret { get; set; }

    /// <summary>How long a registration or heartbeat keeps an instance in; services renew well within it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The registry API the ServiceDefaults registration client calls: PUT registers or renews (idempotent, so a
/// heartbeat after a gateway restart re-registers), DELETE deregisters. Guarded by the shared secret rather than
/// a user token, since instances register before anyone has signed in.
/// </summary>
internal static class RegistryEndpoints
{
    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder app)
    {
        var registry = app.MapGroup(RegistrationProtocol.InstancesPath).AllowAnonymous().WithTags("Gateway registry");
        registry.MapPut("/{instanceId}", Register);
        registry.MapDelete("/{instanceId}", Deregister);
        return app;
    }

    private static Results<Ok<RegistrationLease>, ValidationProblem, UnauthorizedHttpResult, NotFound> Register(
        string instanceId, InstanceRegistration registration, HttpRequest request, InstanceRegistry registry, IConfiguration configuration)
    {
        var options = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        if (string.IsNullOrEmpty(options.Secret))
        {
            return TypedResults.NotFound();
        }

        if (!SecretMatches(request, options.Secret))
        {
            return TypedResults.Unauthorized();
        }

        var errors = new ValidationErrors()
            .Required("service", registration.Service).MaxLength("service", registration.Service, 64)
            .MaxLength("version", registration.Version, 64);
        if (instanceId.Length > 128)
        {
            errors.Add("instanceId", "At most 128 characters are allowed.");
        }

        if (!Uri.TryCreate(registration.Url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(address.Query))
        {
            errors.Add("url", "An absolute http(s) URL without query is required.");
        }

        if (registration.Weight is < 0 or > 10_000)
        {
            errors.Add("weight", "The weight must be between 0 and 10000.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        registry.Upsert(instanceId, registration.Service!, address!, string.IsNullOrWhiteSpace(registration.Version) ? "v1" : registration.Version,
            registration.Weight ?? 100, options.Lease);
        return TypedResults.Ok(new RegistrationLease((int)options.Lease.TotalSeconds));
    }

    private static Results<NoContent, UnauthorizedHttpResult, NotFound> Deregister(
        string instanceId, HttpRequest request, InstanceRegistry registry, IConfiguration configuration)
    {
        var options = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        if (string.IsNullOrEmpty(options.Secret))
        {
            return TypedResults.NotFound();
        }

        if (!SecretMatches(request, options.Secret))
        {
            return TypedResults.Unauthorized();
        }

        registry.Remove(instanceId);
        return TypedResults.NoContent();
    }

    private static bool SecretMatches(HttpRequest request, string secret) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers[RegistrationProtocol.SecretHeader].ToString())),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
