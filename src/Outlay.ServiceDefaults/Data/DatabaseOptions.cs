namespace Outlay.ServiceDefaults.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from <c>Outlay:Database</c>. SQLite in the data folder unless a PostgreSQL connection string is given.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Outlay:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Full connection string; for SQLite it defaults to a file named after the service in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DataFolder { get; set; } = "data";

    /// <summary>PostgreSQL only: create the database at start-up when it does not exist (convenient on one machine).</summary>
    public bool CreateIfMissing { get; set; }

    public string ResolveConnectionString(string databaseName) => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.GetFullPath(Path.Combine(DataFolder, databaseName + ".db"))}",
        _ when !string.IsNullOrWhiteSpace(ConnectionString) => ConnectionString,
        _ => throw new InvalidOperationException($"{Section}:ConnectionString is required for {Provider}."),
    };
}
