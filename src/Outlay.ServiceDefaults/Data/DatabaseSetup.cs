using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.Data.Migrations;
using Outlay.ServiceDefaults.Health;

namespace Outlay.ServiceDefaults.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> on the configured provider, applies the service's versioned
    /// migrations at start-up, and adds the database to the readiness check.
    /// </summary>
    public static WebApplicationBuilder AddOutlayDatabase<TContext>(this WebApplicationBuilder builder, string databaseName)
        where TContext : DbContext
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = options.ResolveConnectionString(databaseName);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            connectionString = PrepareSqlite(connectionString);
        }

        var database = new DatabaseTarget(options.Provider, connectionString, options.CreateIfMissing, typeof(TContext).Assembly);
        builder.Services.AddSingleton(database).DeclareSettings<DatabaseOptions>(DatabaseOptions.Section);
        builder.Services.AddDbContext<TContext>((services, db) =>
        {
            _ = options.Provider switch
            {
                DatabaseProvider.Sqlite => db.UseSqlite(connectionString).AddInterceptors(SqliteConnectionPragmas.Instance),
                DatabaseProvider.Postgres => db.UseNpgsql(connectionString),
                _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
            };
            // Libraries (the messaging outbox) hook into saves and commits through interceptors they register.
            db.AddInterceptors(services.GetServices<IInterceptor>());
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, AfterCommitInterceptor>());
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<MigrateAtStartup>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthSetup.ReadyTag]);
        return builder;
    }

    private static string PrepareSqlite(string connectionString)
    {
        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Waiting on another writer is normal for a shared file; give it time before reporting SQLITE_BUSY.
        if (sqlite.DefaultTimeout < 30)
        {
            sqlite.DefaultTimeout = 30;
        }

        return sqlite.ToString();
    }
}

/// <summary>The one database a service owns, and where its migration scripts live.</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString, bool CreateIfMissing, System.Reflection.Assembly MigrationsAssembly);
