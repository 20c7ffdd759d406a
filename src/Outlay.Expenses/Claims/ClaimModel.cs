using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Outlay.Expenses.Claims;

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> claim)
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
        // The approver queues: pending claims to decide and approved ones to reimburse, oldest first.
        claim.HasIndex(c => new { c.Status, c.CreatedAt, c.Id });
        claim.Ignore(c => c.ETag);
    }
}
