using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Outlay.ServiceDefaults.Logging;

internal static class LoggingSetup
{
    /// <summary>
    /// One JSON object per line on stdout, with the W3C trace and span ids in the scope of every entry
    /// written during a request, so logs of one call can be joined across services.
    /// </summary>
    public static WebApplicationBuilder AddOutlayLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        return builder;
    }
}
