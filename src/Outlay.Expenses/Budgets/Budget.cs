using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.Budgets;

/// <summary>A monthly spending limit for one category in one currency, compared with the rollup month by month.</summary>
public sealed class Budget
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OwnerId { get; set; }
    public Guid CategoryId { get; set; }
    public required string Currency { get; set; }
    public decimal MonthlyLimit { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public string ETag => $"\"{Version}\"";
}

public sealed record BudgetInput(Guid? CategoryId, string? Currency, MoneyInput? Limit);

public sealed record BudgetResponse(Guid Id, Guid CategoryId, string Currency, string Limit, int Version)
{
    public static BudgetResponse From(Budget budget) =>
        new(budget.Id, budget.CategoryId, budget.Currency, MoneyText.Format(budget.MonthlyLimit, budget.Currency), budget.Version);
}

/// <summary>Spent against the limit in one month; <c>remaining</c> is negative when over budget.</summary>
public sealed record BudgetStatus(Guid BudgetId, Guid CategoryId, string Currency, string Limit, string Spent, string Remaining, bool OverBudget);

public sealed record BudgetReport(string Month, IReadOnlyList<BudgetStatus> Budgets);
