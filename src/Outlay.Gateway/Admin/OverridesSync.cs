namespace Outlay.Gateway.Admin;

/// <summary>
/// Loads the stored overrides before the gateway serves its first request, then polls for changes another replica
/// made. A poll that fails (database away) keeps the overrides already applied and tries again.
/// </summary>
internal sealed partial class OverridesSync(RuntimeOverrides overrides, IConfiguration configuration, ILogger<OverridesSync> logger) : BackgroundService
{
    public const string PollIntervalKey = "Gateway:OverridesPollInterval";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await overrides.SyncAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue(PollIntervalKey, TimeSpan.FromSeconds(2));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await overrides.SyncAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the stored gateway overrides; keeping the ones applied")]
    private partial void LogPollFailed(Exception exception);
}
