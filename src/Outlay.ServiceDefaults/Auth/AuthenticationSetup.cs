using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Outlay.ServiceDefaults.Configuration;

namespace Outlay.ServiceDefaults.Auth;

internal static class AuthenticationSetup
{
    /// <summary>
    /// Bearer tokens signed by Identity, validated locally: signature against the JWKS (fetched, cached and
    /// refetched when a token names an unknown key), issuer, audience, lifetime and algorithm.
    /// </summary>
    public static WebApplicationBuilder AddOutlayAuthentication(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(OutlayAuthOptions.Section);
        builder.Services.Configure<OutlayAuthOptions>(section).DeclareSettings<OutlayAuthOptions>(OutlayAuthOptions.Section);
        var auth = section.Get<OutlayAuthOptions>() ?? new OutlayAuthOptions();

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingTokenHandler(TimeProvider.System, auth.ValidatedTokenCacheSize, auth.ValidatedTokenCacheTtl));
                options.RefreshInterval = auth.JwksRefreshInterval;
                options.AutomaticRefreshInterval = auth.JwksAutomaticRefreshInterval;
                options.RefreshOnIssuerKeyNotFound = true;
                if (!string.IsNullOrWhiteSpace(auth.Authority))
                {
                    options.MetadataAddress = auth.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
                    options.RequireHttpsMetadata = auth.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                }

                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    ClockSkew = auth.ClockSkew,
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                };
            });

        // A service that holds the signing keys itself (Identity), or a test, registers its own key source.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, services) =>
                options.ConfigurationManager ??= services.GetService<IConfigurationManager<OpenIdConnectConfiguration>>());

        builder.Services.AddOutlayAuthorization();
        return builder;
    }

    /// <summary>The role policies and the start-up guard, whatever scheme authenticates the caller.</summary>
    public static IServiceCollection AddOutlayAuthorization(this IServiceCollection services)
    {
        services.AddHostedService<EndpointAuthorizationGuard>();
        services.AddAuthorizationBuilder()
            .AddPolicy(OutlayPolicies.User, policy => policy.RequireAuthenticatedUser().RequireRole(OutlayRoles.User, OutlayRoles.Approver, OutlayRoles.Admin))
            .AddPolicy(OutlayPolicies.Approver, policy => policy.RequireAuthenticatedUser().RequireRole(OutlayRoles.Approver, OutlayRoles.Admin))
            .AddPolicy(OutlayPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(OutlayRoles.Admin));
        return services;
    }
}
