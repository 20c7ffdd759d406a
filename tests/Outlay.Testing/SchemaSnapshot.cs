using System.Data.Common;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

using Npgsql;

using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Data.Migrations;

namespace Outlay.Testing;

/// <summary>
/// A provider's own description of a schema (tables, columns with types and nullability, keys, indexes,
/// foreign keys) as sorted lines, so two databases can be compared line by line.
/// </summary>
public static class SchemaSnapshot
{
    public static async Task<string> ReadAsync(DatabaseProvider provider, string connectionString)
    {
        var lines = provider == DatabaseProvider.Sqlite
            ? await ReadSqliteAsync(connectionString)
            : await ReadPostgresAsync(connectionString);
        return string.Join('\n', lines.Where(line => !line.Contains(MigrationRunner.HistoryTable, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The schema EF Core creates for <typeparamref name="TContext"/>'s model (<c>EnsureCreated</c>) on a throw-away
    /// database of <paramref name="provider"/>: what the service's migrations must produce, line for line.
    /// </summary>
    public static async Task<string> OfModelAsync<TContext>(DatabaseProvider provider, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
    {
        await using var database = await TestDatabase.CreateAsync(provider, "model");
        await using (var context = create(database.ContextOptions<TContext>()))
        {
            await context.Database.EnsureCreatedAsync();
        }

        return await ReadAsync(provider, database.ConnectionString);
    }

    /// <summary>
    /// Leaves out the messaging library's outbox and inbox tables: its own migrations create them and its tests cover
    /// them, so a service compares only its own tables.
    /// </summary>
    public static string WithoutMessagingTables(string snapshot) =>
        string.Join('\n', snapshot.Split('\n').Where(line => !line.Contains("outbox_", StringComparison.Ordinal) && !line.Contains("inbox_", StringComparison.Ordinal)));

    private static async Task<List<string>> ReadSqliteAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0));
        var lines = new List<string>();
        foreach (var table in tables)
        {
            lines.AddRange(await QueryAsync(connection, $"PRAGMA table_info('{table}')",
                r => $"column {table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)}"));
            lines.AddRange(await QueryAsync(connection, $"PRAGMA foreign_key_list('{table}')",
                r => $"fk {table}.{r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on delete {r.GetString(6)}"));
            var indexes = await QueryAsync(connection, $"PRAGMA index_list('{table}')", r => (Name: r.GetString(1), Unique: r.GetInt64(2), Origin: r.GetString(3)));
            foreach (var index in indexes.Where(i => i.Origin == "c"))
            {
                var columns = await QueryAsync(connection, $"PRAGMA index_info('{index.Name}')", r => r.GetString(2));
                lines.Add($"index {table}.{index.Name} ({string.Join(", ", columns)}) unique={index.Unique}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        var lines = await QueryAsync(connection,
            """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length, -1), coalesce(numeric_precision, -1),
                   coalesce(numeric_scale, -1), is_nullable, coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(3)},{r.GetInt32(4)},{r.GetInt32(5)}) nullable={r.GetString(6)} default={r.GetString(7)}");
        lines.AddRange(await QueryAsync(connection,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
            r => $"constraint {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        lines.AddRange(await QueryAsync(connection,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
            r => $"index {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        return lines;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
