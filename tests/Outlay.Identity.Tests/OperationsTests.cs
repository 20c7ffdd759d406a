using System.Net;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Identity.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Data.Migrations;
using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>What an operator relies on: the schema, readiness, metrics and the API description.</summary>
public abstract class OperationsTests<THost>(THost host) : IClassFixture<THost> where THost : IdentityHost
{
    [Fact]
    public async Task The_migrated_schema_matches_the_ef_model()
    {
        _ = host.Client();
        await using var modelDatabase = await TestDatabase.CreateAsync(host.Provider, "identity_model");
        var options = new DbContextOptionsBuilder<IdentityDbContext>();
        _ = host.Provider == DatabaseProvider.Sqlite ? options.UseSqlite(modelDatabase.ConnectionString) : options.UseNpgsql(modelDatabase.ConnectionString);
        await using (var context = new IdentityDbContext(options.Options))
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
    public async Task Metrics_pass_promtool_and_include_http_request_durations()
    {
        var client = host.Client();
        await client.GetAsync("/.well-known/jwks.json");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/.well-known/jwks.json\"", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", metrics, StringComparison.Ordinal);
        Promtool.AssertAccepts(metrics);
    }

    [Fact]
    public async Task The_openapi_document_and_the_docs_page_are_served()
    {
        var client = host.Client();
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/auth/login", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/index.html")).StatusCode);
    }

    [Fact]
    public async Task Live_and_ready_answer_while_the_database_is_there()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

public sealed class OperationsOnSqlite(SqliteIdentity host) : OperationsTests<SqliteIdentity>(host);

public sealed class OperationsOnPostgres(PostgresIdentity host) : OperationsTests<PostgresIdentity>(host);

/// <summary>Readiness must fail once the database is gone; a separate host because the test destroys it.</summary>
public abstract class ReadinessTests<THost>(THost host) : IClassFixture<THost> where THost : IdentityHost
{
    [Fact]
    public async Task Ready_fails_and_live_holds_when_the_database_is_gone()
    {
        var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        await host.Database.DropAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}

public sealed class ReadinessOnSqlite(SqliteIdentity host) : ReadinessTests<SqliteIdentity>(host);

public sealed class ReadinessOnPostgres(PostgresIdentity host) : ReadinessTests<PostgresIdentity>(host);
