using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Budgets;
using Outlay.Expenses.Categories;
using Outlay.Expenses.Claims;
using Outlay.Expenses.Expenses;
using Outlay.Expenses.IntegrationEvents;
using Outlay.Expenses.Settings;
using Outlay.Expenses.Summaries;
using Outlay.Messaging;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Expenses.Infrastructure;

public sealed class ExpensesDbContext(DbContextOptions<ExpensesDbContext> options) : DbContext(options)
{
    public DbSet<UserSettings> UserSettings => Set<UserSettings>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Expense> Expenses => Set<Expense>();
    public DbSet<ExpenseTag> ExpenseTags => Set<ExpenseTag>();
    public DbSet<CategoryMonthTotal> CategoryMonthTotals => Set<CategoryMonthTotal>();
    public DbSet<TagMonthTotal> TagMonthTotals => Set<TagMonthTotal>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<SubmitterProfile> SubmitterProfiles => Set<SubmitterProfile>();

    /// <summary>Every save that touches expenses also moves the rollup, inside one transaction.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var deltas = RollupMaintenance.Collect(ChangeTracker);
        if (deltas.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await RollupMaintenance.ApplyAsync(this, deltas, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it keeps the summary rollup in step with the expenses.");

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserSettings>(settings =>
        {
            settings.ToTable("user_settings");
            settings.HasKey(s => s.UserId);
            settings.Property(s => s.Currency).HasMaxLength(3);
            settings.Property(s => s.TimeZone).HasMaxLength(64);
            settings.Property(s => s.Version).IsConcurrencyToken();
            settings.Ignore(s => s.ETag);
        });

        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Key).HasMaxLength(40);
            category.Property(c => c.Name).HasMaxLength(60);
            category.Property(c => c.NormalizedName).HasMaxLength(60);
            category.HasIndex(c => new { c.OwnerId, c.NormalizedName }).IsUnique();
            category.HasIndex(c => c.Key).IsUnique();
            category.Property(c => c.Version).IsConcurrencyToken();
            category.Ignore(c => c.IsSystem);
            category.Ignore(c => c.ETag);
        });

        modelBuilder.Entity<Expense>(expense =>
        {
            expense.ToTable("expenses");
            expense.HasKey(e => e.Id);
            expense.Property(e => e.Amount).HasPrecision(19, 4);
            expense.Property(e => e.Currency).HasMaxLength(3);
            expense.Property(e => e.Description).HasMaxLength(ExpenseRules.DescriptionMaxLength);
            expense.Property(e => e.Merchant).HasMaxLength(ExpenseRules.MerchantMaxLength);
            expense.Property(e => e.Notes).HasMaxLength(ExpenseRules.NotesMaxLength);
            expense.Property(e => e.Tags).HasMaxLength(ExpenseRules.MaxTags * (ExpenseRules.TagMaxLength + 1));
            expense.Property(e => e.SearchText).HasMaxLength(ExpenseRules.DescriptionMaxLength + ExpenseRules.MerchantMaxLength + ExpenseRules.NotesMaxLength + 2);
            expense.Property(e => e.Fingerprint).HasMaxLength(32);
            expense.Property(e => e.Version).IsConcurrencyToken();
            // The list's orders, each ending in the id so that keyset pages never skip or repeat.
            expense.HasIndex(e => new { e.OwnerId, e.SpentOn, e.Id });
            expense.HasIndex(e => new { e.OwnerId, e.AmountUnits, e.Id });
            expense.HasIndex(e => new { e.OwnerId, e.CreatedAt, e.Id });
            expense.HasIndex(e => new { e.OwnerId, e.CategoryId, e.SpentOn });
            expense.HasIndex(e => new { e.OwnerId, e.Fingerprint });
            expense.HasIndex(e => e.CategoryId);
            expense.HasOne<Category>().WithMany().HasForeignKey(e => e.CategoryId).OnDelete(DeleteBehavior.Restrict);
            expense.HasMany(e => e.TagRows).WithOne().HasForeignKey(t => t.ExpenseId).OnDelete(DeleteBehavior.Cascade);
            expense.Ignore(e => e.ETag);
            expense.Ignore(e => e.TagList);
        });

        modelBuilder.Entity<ExpenseTag>(tag =>
        {
            tag.ToTable("expense_tags");
            tag.HasKey(t => new { t.ExpenseId, t.Tag });
            tag.Property(t => t.Tag).HasMaxLength(ExpenseRules.TagMaxLength);
        });

        modelBuilder.Entity<CategoryMonthTotal>(total =>
        {
            total.ToTable("category_month_totals");
            total.HasKey(t => new { t.UserId, t.Month, t.CategoryId, t.Currency });
            total.Property(t => t.Currency).HasMaxLength(3);
        });

        modelBuilder.Entity<TagMonthTotal>(total =>
        {
            total.ToTable("tag_month_totals");
            total.HasKey(t => new { t.UserId, t.Month, t.Tag, t.Currency });
            total.Property(t => t.Tag).HasMaxLength(ExpenseRules.TagMaxLength);
            total.Property(t => t.Currency).HasMaxLength(3);
        });

        modelBuilder.Entity<Budget>(budget =>
        {
            budget.ToTable("budgets");
            budget.HasKey(b => b.Id);
            budget.HasIndex(b => new { b.OwnerId, b.CategoryId, b.Currency }).IsUnique();
            budget.Property(b => b.MonthlyLimit).HasPrecision(19, 4);
            budget.Property(b => b.Currency).HasMaxLength(3);
            budget.Property(b => b.Version).IsConcurrencyToken();
            budget.HasOne<Category>().WithMany().HasForeignKey(b => b.CategoryId).OnDelete(DeleteBehavior.Cascade);
            budget.Ignore(b => b.ETag);
        });

        modelBuilder.Entity<Claim>(claim =>
        {
            claim.ToTable("claims");
            claim.HasKey(c => c.Id);
            claim.Property(c => c.SubmitterName).HasMaxLength(ClaimRules.NameMaxLength);
            claim.Property(c => c.SubmitterEmail).HasMaxLength(254);
            claim.Property(c => c.Category).HasMaxLength(ClaimRules.CategoryMaxLength);
            claim.Property(c => c.NormalizedCategory).HasMaxLength(ClaimRules.CategoryMaxLength);
            claim.Property(c => c.Description).HasMaxLength(ClaimRules.DescriptionMaxLength);
            claim.Property(c => c.Link).HasMaxLength(ClaimRules.LinkMaxLength);
            claim.Property(c => c.EstimatedCost).HasPrecision(19, 4);
            claim.Property(c => c.Currency).HasMaxLength(3);
            claim.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            claim.Property(c => c.DecidedByName).HasMaxLength(ClaimRules.NameMaxLength);
            claim.Property(c => c.DecisionComment).HasMaxLength(ClaimRules.CommentMaxLength);
            claim.Property(c => c.Version).IsConcurrencyToken();
            claim.HasIndex(c => new { c.SubmitterId, c.CreatedAt, c.Id });
            // The approver queue: pending claims, oldest first.
            claim.HasIndex(c => new { c.Status, c.CreatedAt, c.Id });
            claim.Ignore(c => c.ETag);
        });

        modelBuilder.Entity<SubmitterProfile>(profile =>
        {
            profile.ToTable("submitter_profiles");
            profile.HasKey(p => p.UserId);
            profile.Property(p => p.Name).HasMaxLength(ClaimRules.NameMaxLength);
            profile.Property(p => p.Email).HasMaxLength(254);
        });

        modelBuilder.AddOutlayMessaging();
        modelBuilder.UseSnakeCaseNames();
    }
}
