namespace Outlay.Catalog.Categories;

/// <summary>A shelf of the store; names are unique regardless of case.</summary>
public sealed class Category
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public DateTime CreatedAt { get; set; }

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
