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
        // Each feature maps its own entities (the *Model.cs files next to them).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ExpensesDbContext).Assembly);
        modelBuilder.AddOutlayMessaging();
        modelBuilder.UseSnakeCaseNames();
    }
}
