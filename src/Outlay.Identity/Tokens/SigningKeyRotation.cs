namespace Outlay.Identity.Tokens;

/// <summary>Checks hourly whether the signing key is due for rotation, so long-running instances rotate too.</summary>
internal sealed class SigningKeyRotation(SigningKeyStore keys, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await keys.EnsureCurrentKeyAsync(stoppingToken);
        }
    }
}
