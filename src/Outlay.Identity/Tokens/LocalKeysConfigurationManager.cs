using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

using Outlay.ServiceDefaults.Auth;

namespace Outlay.Identity.Tokens;

/// <summary>
/// Identity validates its own tokens from its key store rather than fetching its own JWKS over HTTP.
/// JwtBearer asks for a refresh when a token names an unknown key; that reloads the store.
/// </summary>
internal sealed class LocalKeysConfigurationManager(SigningKeyStore keys, IOptions<OutlayAuthOptions> auth)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = auth.Value.Issuer };
        foreach (var key in await keys.GetPublishedKeysAsync(cancel))
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }

    public void RequestRefresh() => keys.RequestReload();
}
