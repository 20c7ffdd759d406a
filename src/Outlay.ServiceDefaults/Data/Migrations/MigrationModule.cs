using System.Reflection;

namespace Outlay.ServiceDefaults.Data.Migrations;

/// <summary>
/// A set of tables with its own migration history, so that a shared library (the messaging outbox and inbox) can
/// evolve its schema in every service's database without its version numbers colliding with the service's own.
/// </summary>
/// <param name="Name">Empty for the service itself; otherwise part of the history table's name.</param>
/// <param name="ResourceRoot">Scripts are embedded as <c>{ResourceRoot}/{Provider}/NNNN_name.sql</c>.</param>
public sealed record MigrationModule(string Name, Assembly Assembly, string ResourceRoot)
{
    public string HistoryTable => Name.Length == 0 ? MigrationRunner.HistoryTable : $"{MigrationRunner.HistoryTable}_{Name}";

    public static MigrationModule ForService(Assembly assembly) => new("", assembly, "migrations");
}
