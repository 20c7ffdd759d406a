using System.Globalization;
using System.Text.Json.Serialization;

using Outlay.Expenses.Claims;
using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.LegacyV1;

/// <summary>
/// Seed 004's expense record, field for field: every value a string, dates as MM-dd-yyyy, the decision date
/// empty until a decision. Underneath it is a claim.
/// </summary>
public sealed record V1ExpenseRecord(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("link")] string Link,
    [property: JsonPropertyName("estimated_costs")] string EstimatedCosts,
    [property: JsonPropertyName("submit_date")] string SubmitDate,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("decision_date")] string DecisionDate)
{
    public const string DateFormat = "MM-dd-yyyy";

    /// <summary>The amount with no trailing zeros, as the seed wrote it ("700", "12.5").</summary>
    public static V1ExpenseRecord From(Claim claim) => new(
        claim.Id.ToString(),
        claim.SubmitterName,
        claim.SubmitterEmail,
        claim.Category,
        claim.Description,
        claim.Link ?? "",
        claim.EstimatedCost.ToString("0.####", CultureInfo.InvariantCulture),
        claim.SubmittedOn.ToString(DateFormat, CultureInfo.InvariantCulture),
        ClaimWorkflow.Describe(claim.Status),
        claim.DecidedOn?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "");
}

/// <summary>The body of POST (all fields) and PUT (any of them) <c>/v1/expenses</c>; every value is a string.</summary>
public sealed record V1ExpenseInput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("link")] string? Link,
    [property: JsonPropertyName("estimated_costs")] MoneyInput? EstimatedCosts,
    [property: JsonPropertyName("submit_date")] string? SubmitDate);
