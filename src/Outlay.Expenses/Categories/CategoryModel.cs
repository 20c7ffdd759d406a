using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Outlay.Expenses.Categories;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> category)
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
    }
}
