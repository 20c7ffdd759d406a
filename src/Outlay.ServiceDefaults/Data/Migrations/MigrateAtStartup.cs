using Microsoft.Extensions.Hosting;

namespace Outlay.ServiceDefaults.Data.Migrations;

/// <summary>Runs before the server accepts requests: hosted services start in registration order, Kestrel last.</summary>
internal sealed class MigrateAtStartup(MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
