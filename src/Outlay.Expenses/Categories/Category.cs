namespace Outlay.Expenses.Categories;

/// <summary>
/// A way to group expenses: a system category (stable <see cref="Key"/>, no owner, read-only) or a user's own.
/// A custom category that expenses use is archived rather than deleted, unless its expenses move elsewhere.
/// </summary>
public sealed class Category
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Null for system categories.</summary>
    public Guid? OwnerId { get; set; }

    /// <summary>Stable key of a system category ("office_supplies"); null for custom ones.</summary>
    public string? Key { get; set; }

    public required string Name { get; set; }

    /// <summary>Upper-cased name: names are unique per user regardless of case.</summary>
    public string NormalizedName { get; set; } = "";

    public DateTime? ArchivedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    public bool IsSystem => OwnerId is null;

    public string ETag => $"\"{Version}\"";

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    /// <summary>Whether <paramref name="userId"/> may file expenses under it (their own or a system one).</summary>
    public bool IsVisibleTo(Guid userId) => OwnerId is null || OwnerId == userId;
}

public sealed record CategoryResponse(Guid Id, string? Key, string Name, bool System, bool Archived, int Version)
{
    public static CategoryResponse From(Category category) =>
        new(category.Id, category.Key, category.Name, category.IsSystem, category.ArchivedAt is not null, category.Version);
}

public sealed record CategoryInput(string? Name, bool? Archived);
