using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Outlay.ServiceDefaults.OpenApi;

/// <summary>
/// Where OpenAPI documents and the browsable UI live. Each document's path carries its service's name, because the
/// gateway routes by path: <c>/openapi/catalog/v1.json</c> can only mean Catalog's, also behind the gateway.
/// </summary>
public static class ApiDocs
{
    public const string DocumentName = "v1";

    /// <summary>The Swagger UI; on a service it shows the service's document, on the gateway every service's.</summary>
    public const string UiPath = "/docs";

    public const string BearerScheme = "Bearer";

    public static string DocumentPath(string service) => $"/openapi/{service}/{DocumentName}.json";
}

/// <summary>The documents the UI at <see cref="ApiDocs.UiPath"/> offers, in this order; the service's own comes first.</summary>
public sealed class ApiDocsOptions
{
    public List<string> Services { get; } = [];
}

internal static class OpenApiSetup
{
    public static IServiceCollection AddOutlayOpenApi(this IServiceCollection services, string serviceName)
    {
        services.Configure<ApiDocsOptions>(docs => docs.Services.Add(serviceName));
        services.AddOpenApi(ApiDocs.DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = $"Outlay {serviceName} API";
                document.Info.Version = ApiDocs.DocumentName;
                // Relative, so that "Try it out" calls whatever origin served the document: the gateway when it is read
                // through the gateway, the instance when it is read directly. The generated default names the request's
                // Host, which behind the gateway is the instance's own address, unreachable from the operator's browser.
                document.Servers = [new OpenApiServer { Url = "/", Description = "Where this document was served from" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiDocs.BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /api/auth/login (its accessToken).",
                };
                return Task.CompletedTask;
            });
            // Only operations that need a token carry the requirement, so the UI sends one where it matters and shows
            // which operations are open to visitors.
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocs.BearerScheme, context.Document)] = [] });
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The service's document at <see cref="ApiDocs.DocumentPath"/> and the UI at <see cref="ApiDocs.UiPath"/>.</summary>
    public static WebApplication MapOutlayOpenApi(this WebApplication app)
    {
        var service = app.Services.GetRequiredService<ServiceIdentity>().Name;
        app.MapOpenApi($"/openapi/{service}/{{documentName}}.json").AllowAnonymous();

        var listed = app.Services.GetRequiredService<IOptions<ApiDocsOptions>>().Value.Services.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var ui = ((IEndpointRouteBuilder)app).CreateApplicationBuilder().UseSwaggerUI(options =>
        {
            options.RoutePrefix = ApiDocs.UiPath.TrimStart('/');
            options.DocumentTitle = listed.Count == 1 ? $"Outlay {service} API" : "Outlay APIs";
            foreach (var name in listed)
            {
                // Relative to /docs/index.html, so that the page also works when everything sits under a path prefix.
                options.SwaggerEndpoint(".." + ApiDocs.DocumentPath(name), name);
            }
        }).Build();

        // An endpoint rather than middleware: on the gateway, whose catch-all proxy endpoint takes every path no other
        // endpoint claims, middleware would never see /docs. The UI runs as a pipeline branch, whose end treats a
        // selected endpoint that was not run as a wiring error (500 for an unknown file under /docs), so the endpoint
        // steps aside while the branch runs (unknown files are then 404) and is put back for the request metrics.
        app.Map(ApiDocs.UiPath + "/{**asset}", async context =>
        {
            var endpoint = context.GetEndpoint();
            context.SetEndpoint(null);
            try
            {
                await ui(context);
            }
            finally
            {
                context.SetEndpoint(endpoint);
            }
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
