using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using Outlay.Expenses.Claims;

namespace Outlay.Expenses.IntegrationEvents;

internal sealed class SubmitterProfileConfiguration : IEntityTypeConfiguration<SubmitterProfile>
{
    public void Configure(EntityTypeBuilder<SubmitterProfile> profile)
    {
        profile.ToTable("submitter_profiles");
        profile.HasKey(p => p.UserId);
        profile.Property(p => p.Name).HasMaxLength(ClaimRules.NameMaxLength);
        profile.Property(p => p.Email).HasMaxLength(254);
    }
}
