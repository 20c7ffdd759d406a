using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Outlay.ServiceDefaults.OpenApi;

internal static class OpenApiSetup
{
    public static IServiceCollection AddOutlayOpenApi(this IServiceCollection services, string serviceName)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = $"Outlay {serviceName} API";
            document.Info.Version = "v1";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>The document at <c>/openapi/v1.json</c> and a browsable UI at <c>/docs</c>.</summary>
    public static WebApplication MapOutlayOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            // Relative so that the UI also works behind the gateway's path prefix.
            options.SwaggerEndpoint("../openapi/v1.json", "v1");
        });
        return app;
    }
}
