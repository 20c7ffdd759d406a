using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

using Outlay.ServiceDefaults.Auth;

namespace Outlay.Identity.Tokens;

/// <summary>The discovery document and public keys every service validates tokens against.</summary>
public static class WellKnownEndpoints
{
    public static IEndpointRouteBuilder MapWellKnownEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/.well-known").AllowAnonymous().WithTags("Keys");
        group.MapGet("/jwks.json", GetJwks);
        group.MapGet("/openid-configuration", GetConfiguration);
        return app;
    }

    public static async Task<Ok<JwksDocument>> GetJwks(SigningKeyStore keys, HttpResponse response, CancellationToken cancellationToken)
    {
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok(new JwksDocument([.. published.Select(ToPublicJwk)]));
    }

    /// <summary>
    /// The JWKS address is under the configured authority when there is one (the gateway, in front of every
    /// Identity instance), so a service never pins itself to the one instance that answered this request.
    /// </summary>
    public static Ok<DiscoveryDocument> GetConfiguration(HttpRequest request, IOptions<OutlayAuthOptions> auth) =>
        TypedResults.Ok(new DiscoveryDocument(
            auth.Value.Issuer,
            (auth.Value.Authority is { Length: > 0 } authority ? authority.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}")
                + "/.well-known/jwks.json",
            [SecurityAlgorithms.RsaSha256]));

    private static PublicJwk ToPublicJwk(RsaSecurityKey key)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new PublicJwk("RSA", "sig", SecurityAlgorithms.RsaSha256, key.KeyId,
            Base64UrlEncoder.Encode(parameters.Modulus), Base64UrlEncoder.Encode(parameters.Exponent));
    }
}

public sealed record JwksDocument(IReadOnlyList<PublicJwk> Keys);

public sealed record PublicJwk(string Kty, string Use, string Alg, string Kid, string N, string E);

public sealed record DiscoveryDocument(
    [property: System.Text.Json.Serialization.JsonPropertyName("issuer")] string Issuer,
    [property: System.Text.Json.Serialization.JsonPropertyName("jwks_uri")] string JwksUri,
    [property: System.Text.Json.Serialization.JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> Algorithms);
