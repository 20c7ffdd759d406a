using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using Outlay.Expenses.Categories;

namespace Outlay.Expenses.Expenses;

internal sealed class ExpenseConfiguration : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> expense)
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
    }
}

internal sealed class ExpenseTagConfiguration : IEntityTypeConfiguration<ExpenseTag>
{
    public void Configure(EntityTypeBuilder<ExpenseTag> tag)
    {
        tag.ToTable("expense_tags");
        tag.HasKey(t => new { t.ExpenseId, t.Tag });
        tag.Property(t => t.Tag).HasMaxLength(ExpenseRules.TagMaxLength);
    }
}
