using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.OpenApi;

namespace Outlay.Gateway.Docs;

/// <summary>
/// Makes the gateway's <c>/docs</c> the one API page of the system: after the gateway's own document it offers every
/// service listed in <c>Gateway:ApiDocs</c>, each loaded from <c>/openapi/{service}/v1.json</c> through the gateway's
/// route to that service. The list is read at start-up; routes still follow configuration reloads.
/// </summary>
internal static class GatewayApiDocs
{
    public const string Section = "Gateway:ApiDocs";

    public static WebApplicationBuilder AddGatewayApiDocs(this WebApplicationBuilder builder)
    {
        var services = builder.Configuration.GetSection(Section).Get<string[]>() ?? [];
        builder.Services.Configure<ApiDocsOptions>(docs => docs.Services.AddRange(services))
            .DeclareSettings<string[]>(Section);
        return builder;
    }
}
