using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Outlay.Identity.Accounts;
using Outlay.Identity.Authentication;
using Outlay.Identity.Infrastructure;
using Outlay.Identity.Profiles;
using Outlay.Identity.Tokens;
using Outlay.Messaging;
using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Identity;

internal static class IdentityServices
{
    public static WebApplicationBuilder AddIdentityFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<IdentityOptions>(builder.Configuration.GetSection(IdentityOptions.Section))
            .DeclareSettings<IdentityOptions>(IdentityOptions.Section);
        builder.AddOutlayDatabase<IdentityDbContext>("identity");
        builder.AddOutlayMessaging<IdentityDbContext>("identity");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>, LocalKeysConfigurationManager>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddScoped<RefreshTokenService>();
        builder.Services.AddScoped<TokenPairIssuer>();
        builder.Services.AddScoped<AccountRegistration>();
        builder.Services.AddScoped<SignIn>();
        builder.Services.AddScoped<ProfileEditor>();
        builder.Services.AddHostedService<IdentityStartup>();
        builder.Services.AddHostedService<SigningKeyRotation>();
        return builder;
    }

    public static WebApplication MapIdentityEndpoints(this WebApplication app)
    {
        app.MapWellKnownEndpoints();
        app.MapAuthEndpoints();
        app.MapProfileEndpoints();
        app.MapAdminUserEndpoints();
        app.MapOutlayMessaging();
        return app;
    }
}
