using System.Net;


using Outlay.Identity.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;

namespace Outlay.Identity.Tests;

/// <summary>What an operator relies on: the schema, readiness (shared checks), metrics and the API description.</summary>
public abstract class OperationsTests<THost>(THost host) : ServiceOperationsTests<THost, Program, IdentityDbContext>(host) where THost : IdentityHost
{
    [Fact]
    public async Task Metrics_pass_promtool_and_include_http_request_durations()
    {
        var client = Host.Client();
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
        var client = Host.Client();
        var document = await client.GetStringAsync("/openapi/identity/v1.json");
        Assert.Contains("/api/auth/login", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/index.html")).StatusCode);
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
