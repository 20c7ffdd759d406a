using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

using Npgsql;

namespace Outlay.ServiceDefaults.Data;

/// <summary>Provider-neutral reading of the database errors a service reacts to rather than reports.</summary>
public static class DatabaseErrors
{
    private const int SqliteConstraint = 19;

    /// <summary>A unique key or primary key was violated: another writer inserted the same key first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is 1555 or 2067, // SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE
        _ => false,
    };
}
