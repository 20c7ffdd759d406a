using Microsoft.EntityFrameworkCore;

using Outlay.Catalog.Categories;
using Outlay.Catalog.Products;
using Outlay.Catalog.Reservations;
using Outlay.Messaging;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Catalog.Infrastructure;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductCategory> ProductCategories => Set<ProductCategory>();
    public DbSet<Reservation> Reservations => Set<Reservation>();
    public DbSet<ReservationLine> ReservationLines => Set<ReservationLine>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Name).HasMaxLength(Category.MaxNameLength);
            category.Property(c => c.NormalizedName).HasMaxLength(Category.MaxNameLength);
            category.HasIndex(c => c.NormalizedName).IsUnique();
        });

        modelBuilder.Entity<Product>(product =>
        {
            // The last wall against overselling: no write may leave more reserved than on hand.
            product.ToTable("products", table => table.HasCheckConstraint("ck_products_stock", "reserved >= 0 AND reserved <= quantity_on_hand"));
            product.HasKey(p => p.Id);
            product.Property(p => p.Name).HasMaxLength(Product.MaxNameLength);
            product.Property(p => p.NormalizedName).HasMaxLength(Product.MaxNameLength);
            product.HasIndex(p => p.NormalizedName).IsUnique();
            product.Property(p => p.Description).HasMaxLength(Product.MaxDescriptionLength);
            product.Property(p => p.SearchText).HasMaxLength(Product.MaxNameLength + Product.MaxDescriptionLength + 1);
            product.Property(p => p.Price).HasPrecision(18, 4);
            product.Property(p => p.Currency).HasMaxLength(3);
            product.Property(p => p.ImageUrl).HasMaxLength(Product.MaxImageUrlLength);
            product.Property(p => p.Version).IsConcurrencyToken();
            product.HasIndex(p => p.PriceUnits);
            product.HasIndex(p => p.CreatedAt);
            product.HasMany(p => p.Categories).WithOne().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Cascade);
            product.Ignore(p => p.QuantityAvailable);
        });

        modelBuilder.Entity<ProductCategory>(link =>
        {
            link.ToTable("product_categories");
            link.HasKey(l => new { l.ProductId, l.CategoryId });
            link.HasIndex(l => l.CategoryId);
            link.HasOne<Category>().WithMany().HasForeignKey(l => l.CategoryId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.HasKey(r => r.OrderId);
            reservation.Property(r => r.OrderId).ValueGeneratedNever();
            reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
            reservation.HasIndex(r => r.Status);
            reservation.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReservationLine>(line =>
        {
            line.ToTable("reservation_lines");
            line.HasKey(l => new { l.OrderId, l.ProductId });
            line.HasIndex(l => l.ProductId);
        });

        modelBuilder.AddOutlayMessaging();
        modelBuilder.UseSnakeCaseNames();
    }
}
