using System.Net;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Data.Migrations;

namespace Outlay.Testing;

/// <summary>
/// What an operator relies on in every service with a database: the migrations build the schema the EF model
/// describes, a restart migrates nothing, and live/ready answer. A service's own operations tests derive from this.
/// </summary>
public abstract class ServiceOperationsTests<THost, TProgram, TContext>(THost host) : IClassFixture<THost>
    where THost : ServiceHost<TProgram, TContext>
    where TProgram : class
    where TContext : DbContext
{
    protected THost Host => host;

    [Fact]
    public async Task The_migrated_schema_matches_the_ef_model()
    {
        _ = host.Client();
        await using var modelDatabase = await TestDatabase.CreateAsync(host.Provider, host.Name + "_model");
        var options = new DbContextOptionsBuilder<TContext>();
        _ = host.Provider == DatabaseProvider.Sqlite ? options.UseSqlite(modelDatabase.ConnectionString) : options.UseNpgsql(modelDatabase.ConnectionString);
        // Every Outlay DbContext takes its options as its one constructor argument (AddOutlayDatabase relies on it too).
        await using (var context = (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!)
        {
            await context.Database.EnsureCreatedAsync();
        }

        var fromModel = await SchemaSnapshot.ReadAsync(host.Provider, modelDatabase.ConnectionString);
        var fromMigrations = await SchemaSnapshot.ReadAsync(host.Provider, host.Database.ConnectionString);
        Assert.NotEmpty(fromModel);
        Assert.Equal(fromModel, fromMigrations);
    }

    [Fact]
    public async Task Migrating_again_applies_nothing()
    {
        _ = host.Client();
        var runner = host.Factory.Services.GetRequiredService<MigrationRunner>();
        Assert.Equal(0, await runner.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Live_and_ready_answer_while_the_database_is_there()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
