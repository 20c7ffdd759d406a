using Outlay.Contracts.Catalog;

namespace Outlay.Catalog.Products;

/// <summary>
/// Something the store sells. <see cref="Reserved"/> counts units held for accepted orders that have not shipped:
/// what can still be ordered is <see cref="QuantityAvailable"/>, and the database refuses a row where reservations
/// exceed the stock on hand. Stock columns change only through set-based conditional updates (see
/// <c>StockReservations</c>), never read-modify-write, so concurrent orders cannot oversell.
/// </summary>
public sealed class Product
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxImageUrlLength = 2000;
    public const int MaxQuantity = 1_000_000_000;

    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Upper-cased name: unique, and looked up case-insensitively on both providers.</summary>
    public required string NormalizedName { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Upper-cased name and description, what the text filter searches.</summary>
    public string SearchText { get; set; } = "";

    public decimal Price { get; set; }

    /// <summary>The price in ten-thousandths: SQLite cannot compare or sort decimals, an integer it can.</summary>
    public long PriceUnits { get; set; }

    public required string Currency { get; set; }
    public int QuantityOnHand { get; set; }
    public int Reserved { get; set; }
    public string? ImageUrl { get; set; }
    public bool Retired { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Grows with every change, stock changes included: the concurrency token and the snapshot version.</summary>
    public long Version { get; set; }

    public List<ProductCategory> Categories { get; set; } = [];

    public int QuantityAvailable => QuantityOnHand - Reserved;

    public const long UnitsPerMajor = 10_000;

    public void SetDescriptive(string name, string description, decimal price, string currency, string? imageUrl)
    {
        Name = name;
        NormalizedName = Normalize(name);
        Description = description;
        SearchText = (name + "\n" + description).ToUpperInvariant();
        Price = price;
        PriceUnits = ToUnits(price);
        Currency = currency;
        ImageUrl = imageUrl;
    }

    public ProductSnapshot ToSnapshot() => new(Id, Version, Name, Price, Currency, QuantityAvailable, Retired);

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();

    public static long ToUnits(decimal price) => decimal.ToInt64(price * UnitsPerMajor);
}

public sealed class ProductCategory
{
    public Guid ProductId { get; set; }
    public Guid CategoryId { get; set; }
}
