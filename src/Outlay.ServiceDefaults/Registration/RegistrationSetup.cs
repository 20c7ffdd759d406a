using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outlay.ServiceDefaults.Configuration;

namespace Outlay.ServiceDefaults.Registration;

internal static class RegistrationSetup
{
    /// <summary>Every service registers with the gateway when <c>Outlay:Gateway:RegistrationUrl</c> is configured.</summary>
    public static IServiceCollection AddGatewayRegistration(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayRegistrationOptions.Section);
        services.Configure<GatewayRegistrationOptions>(section).DeclareSettings<GatewayRegistrationOptions>(GatewayRegistrationOptions.Section);
        if (!string.IsNullOrWhiteSpace(section[nameof(GatewayRegistrationOptions.RegistrationUrl)]))
        {
            services.AddHostedService<GatewayRegistrationClient>();
        }

        return services;
    }
}
