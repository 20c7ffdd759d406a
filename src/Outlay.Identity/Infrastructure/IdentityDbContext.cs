using Microsoft.EntityFrameworkCore;
using Outlay.Identity.Accounts;
using Outlay.Identity.Tokens;
using Outlay.Messaging;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Identity.Infrastructure;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountEmail> AccountEmails => Set<AccountEmail>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.Email).HasMaxLength(254);
            account.Property(a => a.NormalizedEmail).HasMaxLength(254);
            account.HasIndex(a => a.NormalizedEmail).IsUnique();
            account.Property(a => a.PasswordHash).HasMaxLength(512);
            account.Property(a => a.FirstName).HasMaxLength(100);
            account.Property(a => a.LastName).HasMaxLength(100);
            account.Property(a => a.Roles).HasMaxLength(100);
            account.Property(a => a.NormalizedName).HasMaxLength(201);
            account.Property(a => a.PhoneNumber).HasMaxLength(15);
            account.Property(a => a.Version).IsConcurrencyToken();
            account.HasIndex(a => a.CreatedAt);
            account.OwnsOne(a => a.DeliveryAddress, address =>
            {
                address.Property(d => d.Street).HasColumnName("delivery_street").HasMaxLength(200);
                address.Property(d => d.City).HasColumnName("delivery_city").HasMaxLength(100);
                address.Property(d => d.State).HasColumnName("delivery_state").HasMaxLength(100);
                address.Property(d => d.PostalCode).HasColumnName("delivery_postal_code").HasMaxLength(20);
                address.Property(d => d.Country).HasColumnName("delivery_country").HasMaxLength(100);
            });
            account.HasMany(a => a.Emails).WithOne().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
            account.Ignore(a => a.RoleList);
        });

        modelBuilder.Entity<AccountEmail>(email =>
        {
            email.ToTable("account_emails");
            email.HasKey(e => e.Id);
            email.HasIndex(e => new { e.AccountId, e.Position });
            email.Property(e => e.Email).HasMaxLength(254);
            email.Property(e => e.NormalizedEmail).HasMaxLength(254);
            email.HasIndex(e => e.NormalizedEmail).IsUnique();
        });

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.TokenHash).HasMaxLength(64);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasIndex(t => t.AccountId);
            token.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
        });

        modelBuilder.AddOutlayMessaging();
        modelBuilder.UseSnakeCaseNames();
    }
}
