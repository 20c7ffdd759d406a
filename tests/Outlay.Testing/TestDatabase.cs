using Microsoft.EntityFrameworkCore;

using Npgsql;

using Outlay.ServiceDefaults.Data;

using Xunit;

namespace Outlay.Testing;

/// <summary>
/// A throw-away database for one test class: a SQLite file in a temp folder, or a freshly created PostgreSQL
/// database on the server named by <c>OUTLAY_TEST_POSTGRES</c>. Without that variable the PostgreSQL tests
/// are skipped locally, but fail under CI, so a missing server can never pass silently.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "OUTLAY_TEST_POSTGRES";

    private TestDatabase(DatabaseProvider provider, string connectionString, string folder, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Folder = folder;
        PostgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    /// <summary>A private folder for the service's files (the SQLite database, the embedded broker), removed on dispose.</summary>
    public string Folder { get; }
    private string? PostgresName { get; }

    /// <summary>Configuration keys that point a service at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outlay:Database:Provider"] = Provider.ToString(),
        ["Outlay:Database:ConnectionString"] = ConnectionString,
        ["Outlay:Database:DataFolder"] = Folder,
    };

    /// <summary>Options to open a service's DbContext on this database from the test, e.g. while the service runs as a process.</summary>
    public DbContextOptions<TContext> ContextOptions<TContext>() where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        _ = Provider == DatabaseProvider.Sqlite ? options.UseSqlite(ConnectionString) : options.UseNpgsql(ConnectionString);
        return options.Options;
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string name)
    {
        var folder = Directory.CreateTempSubdirectory("outlay-test-").FullName;
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, name + ".db")}", folder, null);
        }

        var server = RequirePostgres();
        var database = $"outlay_test_{name}_{Guid.NewGuid():N}"[..50].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString(), folder, database);
    }

    /// <summary>The server's connection string, or a skip (locally) / failure (CI) when none is configured.</summary>
    public static string RequirePostgres()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }

        if (IsCi)
        {
            Assert.Fail($"{PostgresVariable} is not set, but CI must run the PostgreSQL suite.");
        }

        Assert.Skip($"Set {PostgresVariable} (e.g. Host=127.0.0.1;Username=outlay;Password=outlay) to run the PostgreSQL tests.");
        return "";
    }

    /// <summary>
    /// False only for PostgreSQL without a configured server outside CI: a host then starts nothing and each test
    /// skips through <see cref="RequirePostgres"/>.
    /// </summary>
    public static bool CanCreate(DatabaseProvider provider) =>
        provider != DatabaseProvider.Postgres || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable)) || IsCi;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Removes the database while services may still hold connections to it.</summary>
    public async Task DropAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var databaseFile = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var file in Directory.EnumerateFiles(Folder).Where(f => f.StartsWith(databaseFile, StringComparison.Ordinal)))
            {
                File.Delete(file);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PostgresName} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
