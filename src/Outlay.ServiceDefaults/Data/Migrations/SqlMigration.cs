using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Outlay.ServiceDefaults.Data.Migrations;

/// <summary>One forward-only schema step: <c>{root}/{Provider}/NNNN_name.sql</c>, embedded in the assembly that owns the tables.</summary>
public sealed record SqlMigration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    public static IReadOnlyList<SqlMigration> LoadAll(MigrationModule module, DatabaseProvider provider)
    {
        var assembly = module.Assembly;
        var prefix = $"{module.ResourceRoot}/{provider}/";
        var migrations = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName[..separator], out var version) || !fileName.EndsWith(".sql", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new SqlMigration(version, fileName[(separator + 1)..^4], reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two {provider} migrations share version {duplicate.Key}.");
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }
}
