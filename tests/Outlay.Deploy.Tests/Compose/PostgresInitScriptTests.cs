using Npgsql;

using Outlay.Deploy.Tests.Infrastructure;
using Outlay.Testing;

namespace Outlay.Deploy.Tests.Compose;

/// <summary>
/// deploy/postgres/init-databases.sh (run by the PostgreSQL image on first start, in compose and in the dev
/// cluster) executed for real against the test server, with throw-away service names.
/// </summary>
public sealed class PostgresInitScriptTests : IAsyncLifetime
{
    private readonly string _first = "deploy" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _second = "deploy" + Guid.NewGuid().ToString("N")[..8];
    private string _server = "";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Creates_a_database_per_service_that_only_its_own_role_can_enter()
    {
        _server = TestDatabase.RequirePostgres();
        var result = RunScript(new Dictionary<string, string?>
        {
            ["OUTLAY_DATABASES"] = $"{_first} {_second}",
            [_first.ToUpperInvariant() + "_DB_PASSWORD"] = "first's password; with 'quotes'",
            [_second.ToUpperInvariant() + "_DB_PASSWORD"] = "second-password",
        });
        Assert.True(result.ExitCode == 0, result.Everything);

        await using (var own = new NpgsqlConnection(ConnectionString(_first, "first's password; with 'quotes'", "outlay_" + _first)))
        {
            await own.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand("CREATE TABLE proof (id int); SELECT current_user", own);
            Assert.Equal(_first, await create.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await using var other = new NpgsqlConnection(ConnectionString(_first, "first's password; with 'quotes'", "outlay_" + _second));
        var denied = await Assert.ThrowsAsync<PostgresException>(() => other.OpenAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task Refuses_to_create_a_role_without_its_password()
    {
        _server = TestDatabase.RequirePostgres();
        var result = RunScript(new Dictionary<string, string?> { ["OUTLAY_DATABASES"] = _first });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(_first.ToUpperInvariant() + "_DB_PASSWORD is not set", result.Error, StringComparison.Ordinal);
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname = @name", admin);
        exists.Parameters.AddWithValue("name", _first);
        Assert.Equal(0L, await exists.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.Length == 0)
        {
            return;
        }

        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        foreach (var service in new[] { _first, _second })
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"outlay_{service}\" WITH (FORCE); DROP ROLE IF EXISTS \"{service}\";", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private ToolResult RunScript(Dictionary<string, string?> environment)
    {
        var server = new NpgsqlConnectionStringBuilder(_server);
        Tool.Require("psql", "Debian package postgresql-client");
        environment["PGHOST"] = server.Host;
        environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["PGPASSWORD"] = server.Password;
        environment["POSTGRES_USER"] = server.Username;
        return Tool.Require("bash", "bash").Run([Repository.PathOf("deploy", "postgres", "init-databases.sh")], environment: environment);
    }

    private string AdminConnectionString() => new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ToString();

    private string ConnectionString(string user, string password, string database) =>
        new NpgsqlConnectionStringBuilder(_server) { Username = user, Password = password, Database = database, Pooling = false }.ToString();
}
