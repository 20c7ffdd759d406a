using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Configuration;
using Outlay.ServiceDefaults.Configuration;

namespace Outlay.ServiceDefaults.Http;

/// <summary>
/// APIs take small JSON bodies; anything larger is refused before it is read. Kestrel enforces the limit
/// on streamed bodies, and a declared Content-Length over it is refused at once whatever the server.
/// </summary>
internal static class RequestBodyLimit
{
    public const string ConfigurationKey = "Outlay:Http:MaxRequestBodyBytes";
    private const long DefaultLimit = 1024 * 1024;

    public static long Limit(IConfiguration configuration) => configuration.GetValue<long?>(ConfigurationKey) ?? DefaultLimit;

    public static WebApplicationBuilder AddRequestBodyLimit(this WebApplicationBuilder builder)
    {
        var limit = Limit(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limit);
        builder.Services.DeclareSetting(ConfigurationKey);
        return builder;
    }

    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var defaultLimit = Limit(app.Configuration);
        app.Use((context, next) =>
        {
            // An endpoint may declare its own limit (null: none), e.g. the gateway's proxy, which streams bodies.
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared
                ? declared.MaxRequestBodySize
                : defaultLimit;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            return next(context);
        });
        return app;
    }
}
