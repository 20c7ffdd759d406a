using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.WebEncoders;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Configuration;
using Outlay.Web.Api;
using Outlay.Web.Features.Account;
using Outlay.Web.Http;
using Outlay.Web.Session;

namespace Outlay.Web;

/// <summary>The web app's services and pipeline: cookie sessions holding the API tokens, one gateway client, Razor Pages.</summary>
public static class WebServices
{
    public const string SessionCookie = "outlay_session";
    public const string AntiforgeryCookie = "outlay_csrf";

    /// <summary>The services' data folder; without <see cref="WebOptions.KeysFolder"/> the keys go under it.</summary>
    private const string DataFolderKey = "Outlay:Database:DataFolder";

    public static WebApplicationBuilder AddWebFeatures(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(WebOptions.Section);
        builder.Services.Configure<WebOptions>(section)
            .DeclareSettings<WebOptions>(WebOptions.Section)
            .DeclareSetting(DataFolderKey);
        var options = section.Get<WebOptions>() ?? new WebOptions();

        builder.Services.AddSingleton(TimeProvider.System);
        AddDataProtection(builder, options);
        AddSession(builder.Services);
        AddGatewayClient(builder.Services, options);
        builder.Services.AddFeatureApis();
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Features";
            // Secure by default: every page needs a signed-in user unless it says otherwise below.
            pages.Conventions.AuthorizeFolder("/", OutlayPolicies.User);
            pages.Conventions.AllowAnonymousToPage("/Home/Index");
            pages.Conventions.AllowAnonymousToPage("/Home/Error");
            pages.Conventions.AllowAnonymousToPage("/Account/SignIn");
            pages.Conventions.AllowAnonymousToPage("/Account/SignUp");
            pages.Conventions.AllowAnonymousToPage("/Account/SignOut");
            pages.Conventions.AllowAnonymousToPage("/Account/Denied");
            pages.Conventions.AllowAnonymousToPage("/Store/Index");
            pages.Conventions.AllowAnonymousToPage("/Store/Product");
            pages.Conventions.AuthorizePage("/Claims/Queue", OutlayPolicies.Approver);
            pages.Conventions.AuthorizeFolder("/Admin", OutlayPolicies.Admin);
        });
        builder.Services.AddRouting(routing => routing.LowercaseUrls = true);
        // Names and descriptions in any script are written as themselves; markup characters are still encoded.
        builder.Services.Configure<WebEncoderOptions>(encoder => encoder.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = AntiforgeryCookie;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            if (options.TrustForwardedHeaders)
            {
                forwarded.KnownIPNetworks.Clear();
                forwarded.KnownProxies.Clear();
            }
        });
        return builder;
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        // Before anything can encrypt: replicas starting together must agree on one key.
        SharedKeyRing.EnsureOneKey(app.Services);
        app.UseForwardedHeaders();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapWebPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }

    /// <summary>
    /// The keys that encrypt session, cart and antiforgery cookies. Derived from a configured secret, or kept in the
    /// data folder so that a restart does not sign everyone out; replicas share them through the same secret or the
    /// same folder (or volume), see <see cref="SecretDerivedKeyRing"/> and <see cref="SharedKeyRing"/>.
    /// </summary>
    private static void AddDataProtection(WebApplicationBuilder builder, WebOptions options)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("outlay-web");
        if (options.KeyRingSecret is { Length: > 0 } secret)
        {
            var keyRing = new SecretDerivedKeyRing(secret);
            builder.Services.Configure<KeyManagementOptions>(keys =>
            {
                keys.XmlRepository = keyRing;
                keys.AutoGenerateKeys = false;
            });
            return;
        }

        var folder = options.KeysFolder
            ?? (builder.Configuration[DataFolderKey] is { Length: > 0 } data ? Path.Combine(data, "web-keys") : null);
        if (folder is not null)
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(folder));
            builder.Services.AddSingleton(new SharedKeyRingFolder(folder));
        }
    }

    private static void AddSession(IServiceCollection services)
    {
        services.AddSingleton<RefreshCoordinator>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<SessionSignIn>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = SessionCookie;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/account/signin";
                cookie.LogoutPath = "/account/signout";
                cookie.AccessDeniedPath = "/account/denied";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.SlidingExpiration = false;
                cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
                cookie.EventsType = typeof(SessionCookieEvents);
            });
    }

    private static void AddGatewayClient(IServiceCollection services, WebOptions options)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<BearerTokenHandler>();
        var baseAddress = options.GatewayUrl.AbsoluteUri.EndsWith('/') ? options.GatewayUrl : new Uri(options.GatewayUrl.AbsoluteUri + "/");
        services.AddHttpClient<GatewayClient>(http =>
        {
            http.BaseAddress = baseAddress;
            http.Timeout = options.ApiTimeout;
        }).AddHttpMessageHandler<BearerTokenHandler>();
    }

    private static IServiceCollection AddFeatureApis(this IServiceCollection services)
    {
        services.AddTransient<IdentityApi>();
        services.AddTransient<Features.Expenses.ExpensesApi>();
        services.AddTransient<Features.Claims.ClaimsApi>();
        services.AddTransient<Features.Store.StoreApi>();
        services.AddSingleton<Features.Store.CartStore>();
        services.AddTransient<Features.Admin.GatewayAdminApi>();
        services.AddTransient<Features.Admin.DeadLettersApi>();
        return services;
    }
}
