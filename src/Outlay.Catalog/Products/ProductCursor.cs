using System.Buffers.Text;
using System.Text.Json;

namespace Outlay.Catalog.Products;

/// <summary>
/// Where a listing page ended, as an opaque token (<c>nextCursor</c>, passed back as <c>after</c>): the sort it belongs to,
/// the last item's sort key, and its normalized name, which is unique and so breaks ties (every sort orders by the key,
/// then by that name). The next page starts strictly after that position, so it costs an index range scan however
/// deep the reader is, and an item added or removed meanwhile neither repeats nor skips the others.
/// </summary>
public sealed record ProductCursor(string Sort, string Name, long? PriceUnits = null, DateTime? CreatedAt = null)
{
    public static ProductCursor After(string sort, Product last) => sort switch
    {
        "price" or "-price" => new(sort, last.NormalizedName, PriceUnits: last.PriceUnits),
        "newest" => new(sort, last.NormalizedName, CreatedAt: last.CreatedAt),
        _ => new(sort, last.NormalizedName),
    };

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web));

    /// <returns>null when <paramref name="token"/> is not a cursor of a listing sorted by <paramref name="sort"/>.</returns>
    public static ProductCursor? Decode(string token, string sort)
    {
        try
        {
            var cursor = JsonSerializer.Deserialize<ProductCursor>(Base64Url.DecodeFromChars(token), JsonSerializerOptions.Web);
            return cursor is not null && cursor.Sort == sort && cursor.Name is { Length: > 0 } && cursor.Name.Length <= Product.MaxNameLength
                && (sort is "price" or "-price") == cursor.PriceUnits.HasValue && (sort == "newest") == cursor.CreatedAt.HasValue
                ? cursor
                : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The products that come after this position in the cursor's sort order.</summary>
    /// <remarks>
    /// These comparisons become SQL: the database compares names with the same collation it sorts them by, which is
    /// what keeps pages in step with the order; an ordinal .NET comparison would not translate.
    /// </remarks>
#pragma warning disable CA1309
    public IQueryable<Product> Following(IQueryable<Product> products) => Sort switch
    {
        "-name" => products.Where(p => string.Compare(p.NormalizedName, Name) < 0),
        "price" => products.Where(p => p.PriceUnits > PriceUnits || (p.PriceUnits == PriceUnits && string.Compare(p.NormalizedName, Name) > 0)),
        "-price" => products.Where(p => p.PriceUnits < PriceUnits || (p.PriceUnits == PriceUnits && string.Compare(p.NormalizedName, Name) > 0)),
        "newest" => products.Where(p => p.CreatedAt < CreatedAt || (p.CreatedAt == CreatedAt && string.Compare(p.NormalizedName, Name) > 0)),
        _ => products.Where(p => string.Compare(p.NormalizedName, Name) > 0),
    };
#pragma warning restore CA1309
}
