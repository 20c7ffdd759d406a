using Microsoft.EntityFrameworkCore;

using Outlay.Gateway.Admin;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Gateway.Infrastructure;

/// <summary>
/// The gateway's own state that must outlive a process and be the same on every replica: the changes operators
/// made through the admin API. Nothing on the request path reads it; replicas poll it in the background.
/// </summary>
internal sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<StoredClusterOverrides> ClusterOverrides => Set<StoredClusterOverrides>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredClusterOverrides>(stored =>
        {
            stored.ToTable("cluster_overrides");
            stored.HasKey(s => s.ClusterId);
            stored.Property(s => s.ClusterId).HasMaxLength(StoredClusterOverrides.MaxClusterIdLength);
            stored.HasIndex(s => s.Revision).IsUnique();
        });
        modelBuilder.UseSnakeCaseNames();
    }
}
