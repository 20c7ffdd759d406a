using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Outlay.ServiceDefaults.Configuration;

namespace Outlay.ServiceDefaults.Lifetime;

/// <summary>
/// When a supervisor (the AppHost) starts this process it keeps our stdin open as a pipe. If the
/// supervisor dies, even by SIGKILL, the pipe reaches end-of-file and we shut down gracefully instead of
/// lingering as an orphan holding ports and database files.
/// </summary>
internal sealed class ParentProcessWatcher(IHostApplicationLifetime lifetime) : BackgroundService
{
    public const string ConfigurationKey = "Outlay:StopWhenStdinCloses";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        try
        {
            while (await stdin.ReadAsync(buffer, stoppingToken) > 0)
            {
                // Anything written to us is ignored; only the end of the stream matters.
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lifetime.StopApplication();
    }
}

internal static class ParentProcessWatcherSetup
{
    public static IServiceCollection AddParentProcessWatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.DeclareSetting(ParentProcessWatcher.ConfigurationKey);
        if (configuration.GetValue<bool>(ParentProcessWatcher.ConfigurationKey))
        {
            services.AddHostedService<ParentProcessWatcher>();
        }

        return services;
    }
}
