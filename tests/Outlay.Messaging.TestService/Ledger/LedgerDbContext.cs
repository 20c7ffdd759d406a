using Microsoft.EntityFrameworkCore;

using Outlay.ServiceDefaults.Data;

namespace Outlay.Messaging.TestService.Ledger;

/// <summary>The producer writes deposits; the consumer appends one applied row per handled event (no unique key, so a double apply shows).</summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<Deposit> Deposits => Set<Deposit>();
    public DbSet<AppliedDeposit> AppliedDeposits => Set<AppliedDeposit>();
    public DbSet<PoisonedAccount> PoisonedAccounts => Set<PoisonedAccount>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Deposit>().ToTable("deposits").HasKey(d => d.Id);
        modelBuilder.Entity<AppliedDeposit>().ToTable("applied_deposits").HasKey(d => d.Id);
        modelBuilder.Entity<PoisonedAccount>().ToTable("poisoned_accounts").HasKey(p => p.Account);
        modelBuilder.AddOutlayMessaging();
        modelBuilder.UseSnakeCaseNames();
    }
}

public sealed class Deposit
{
    public long Id { get; set; }
    public required string Account { get; set; }
    public int Amount { get; set; }
    public long Sequence { get; set; }
}

public sealed class AppliedDeposit
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public required string Account { get; set; }
    public int Amount { get; set; }
    public long Sequence { get; set; }
    public DateTime AppliedAt { get; set; }
}

/// <summary>While an account is listed here, its events fail to apply: how tests drive retries and dead letters.</summary>
public sealed class PoisonedAccount
{
    public required string Account { get; set; }
}
