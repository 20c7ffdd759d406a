using System.Data.Common;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

using Npgsql;

using Outlay.ServiceDefaults.Data.Migrations;

namespace Outlay.ServiceDefaults.Data;

/// <summary>
/// Ready only when the database answers and holds our schema. A fresh connection each time (no pool), so
/// a deleted SQLite file or a dropped PostgreSQL database is noticed at once.
/// </summary>
internal sealed class DatabaseHealthCheck(DatabaseTarget database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = OpenUnpooled();
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {MigrationRunner.HistoryTable}";
            var applied = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return applied > 0
                ? HealthCheckResult.Healthy($"{applied} migrations applied")
                : HealthCheckResult.Unhealthy("No migrations applied yet");
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable or has no schema.");
        }
    }

    private DbConnection OpenUnpooled() => database.Provider switch
    {
        // Mode=ReadWrite: a missing file is an error here, not a reason to create an empty one.
        DatabaseProvider.Sqlite => new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            Mode = SqliteOpenMode.ReadWrite,
        }.ToString()),
        _ => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            Timeout = 5,
        }.ToString()),
    };
}
