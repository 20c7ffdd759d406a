using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Outlay.Expenses.Settings;

internal sealed class UserSettingsConfiguration : IEntityTypeConfiguration<UserSettings>
{
    public void Configure(EntityTypeBuilder<UserSettings> settings)
    {
        settings.ToTable("user_settings");
        settings.HasKey(s => s.UserId);
        settings.Property(s => s.Currency).HasMaxLength(3);
        settings.Property(s => s.TimeZone).HasMaxLength(64);
        settings.Property(s => s.Version).IsConcurrencyToken();
        settings.Ignore(s => s.ETag);
    }
}
