using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using Outlay.Expenses.Expenses;

namespace Outlay.Expenses.Summaries;

internal sealed class CategoryMonthTotalConfiguration : IEntityTypeConfiguration<CategoryMonthTotal>
{
    public void Configure(EntityTypeBuilder<CategoryMonthTotal> total)
    {
        total.ToTable("category_month_totals");
        total.HasKey(t => new { t.UserId, t.Month, t.CategoryId, t.Currency });
        total.Property(t => t.Currency).HasMaxLength(3);
    }
}

internal sealed class TagMonthTotalConfiguration : IEntityTypeConfiguration<TagMonthTotal>
{
    public void Configure(EntityTypeBuilder<TagMonthTotal> total)
    {
        total.ToTable("tag_month_totals");
        total.HasKey(t => new { t.UserId, t.Month, t.Tag, t.Currency });
        total.Property(t => t.Tag).HasMaxLength(ExpenseRules.TagMaxLength);
        total.Property(t => t.Currency).HasMaxLength(3);
    }
}
