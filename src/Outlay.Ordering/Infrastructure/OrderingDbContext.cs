using Microsoft.EntityFrameworkCore;

using Outlay.Messaging;
using Outlay.Ordering.Buyers;
using Outlay.Ordering.Orders;
using Outlay.Ordering.Replicas;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Ordering.Infrastructure;

public sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<ProductReplica> Products => Set<ProductReplica>();
    public DbSet<Buyer> Buyers => Set<Buyer>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).ValueGeneratedNever();
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Property(o => o.Total).HasPrecision(18, 4);
            order.Property(o => o.Emails).HasMaxLength(Order.MaxEmails * 255);
            order.Property(o => o.Rejection).HasMaxLength(20_000);
            order.Property(o => o.CancelReason).HasMaxLength(500);
            order.Property(o => o.IdempotencyKey).HasMaxLength(200);
            order.Property(o => o.RequestHash).HasMaxLength(64);
            order.Property(o => o.Version).IsConcurrencyToken();
            order.ComplexProperty(o => o.DeliveryAddress, address =>
            {
                address.Property(a => a.Street).HasColumnName("delivery_street").HasMaxLength(200);
                address.Property(a => a.City).HasColumnName("delivery_city").HasMaxLength(100);
                address.Property(a => a.State).HasColumnName("delivery_state").HasMaxLength(100);
                address.Property(a => a.PostalCode).HasColumnName("delivery_postal_code").HasMaxLength(20);
                address.Property(a => a.Country).HasColumnName("delivery_country").HasMaxLength(100);
            });
            order.HasIndex(o => new { o.BuyerId, o.CreatedAt });
            order.HasIndex(o => new { o.Status, o.CreatedAt });
            order.HasIndex(o => new { o.BuyerId, o.IdempotencyKey }).IsUnique();
            order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            order.Ignore(o => o.EmailList);
        });

        modelBuilder.Entity<OrderLine>(line =>
        {
            line.ToTable("order_lines");
            line.HasKey(l => new { l.OrderId, l.ProductId });
            line.Property(l => l.ProductName).HasMaxLength(200);
            line.Property(l => l.UnitPrice).HasPrecision(18, 4);
        });

        modelBuilder.Entity<ProductReplica>(product =>
        {
            product.ToTable("product_replicas");
            product.HasKey(p => p.ProductId);
            product.Property(p => p.ProductId).ValueGeneratedNever();
            product.Property(p => p.Name).HasMaxLength(200);
            product.Property(p => p.Price).HasPrecision(18, 4);
            product.Property(p => p.Currency).HasMaxLength(3);
        });

        modelBuilder.Entity<Buyer>(buyer =>
        {
            buyer.ToTable("buyers");
            buyer.HasKey(b => b.UserId);
            buyer.Property(b => b.UserId).ValueGeneratedNever();
            buyer.Property(b => b.Emails).HasMaxLength(Order.MaxEmails * 255);
            buyer.OwnsOne(b => b.DeliveryAddress, address =>
            {
                address.Property(a => a.Street).HasColumnName("delivery_street").HasMaxLength(200);
                address.Property(a => a.City).HasColumnName("delivery_city").HasMaxLength(100);
                address.Property(a => a.State).HasColumnName("delivery_state").HasMaxLength(100);
                address.Property(a => a.PostalCode).HasColumnName("delivery_postal_code").HasMaxLength(20);
                address.Property(a => a.Country).HasColumnName("delivery_country").HasMaxLength(100);
            });
            buyer.Ignore(b => b.EmailList);
        });

        modelBuilder.AddOutlayMessaging();
        modelBuilder.UseSnakeCaseNames();
    }
}
