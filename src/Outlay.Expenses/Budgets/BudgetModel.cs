using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using Outlay.Expenses.Categories;

namespace Outlay.Expenses.Budgets;

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> budget)
    {
        budget.ToTable("budgets");
        budget.HasKey(b => b.Id);
        budget.HasIndex(b => new { b.OwnerId, b.CategoryId, b.Currency }).IsUnique();
        budget.Property(b => b.MonthlyLimit).HasPrecision(19, 4);
        budget.Property(b => b.Currency).HasMaxLength(3);
        budget.Property(b => b.Version).IsConcurrencyToken();
        budget.HasOne<Category>().WithMany().HasForeignKey(b => b.CategoryId).OnDelete(DeleteBehavior.Cascade);
        budget.Ignore(b => b.ETag);
    }
}
