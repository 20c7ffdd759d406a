using System.Globalization;

using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Claims;

/// <summary>A claim as typed on the submit form and on the edit form of a pending claim (<c>_ClaimFields</c>); the API validates it.</summary>
public sealed class ClaimForm
{
    public static readonly FieldMap Fields = FieldMap.For("Form", "category", "description", "link", "estimatedCost", "currency", "submittedOn");

    public static readonly IReadOnlyList<string> SuggestedCategories = ["office supplies", "travel", "training", "food", "transportation", "other"];

    public string? Category { get; set; }
    public string? Description { get; set; }
    public string? Link { get; set; }
    public string? EstimatedCost { get; set; }
    public string? Currency { get; set; }

    /// <summary>
    /// The date the claim was first submitted (yyyy-MM-dd), carried through the edit form: an edit replaces the claim,
    /// and without it the service would date the claim today.
    /// </summary>
    public string? SubmittedOn { get; set; }

    /// <summary>The version the edit form was filled from, sent back as If-Match.</summary>
    public string? ETag { get; set; }

    public static ClaimForm From(ExpenseClaim claim) => new()
    {
        Category = claim.Category,
        Description = claim.Description,
        Link = claim.Link,
        EstimatedCost = claim.EstimatedCost,
        Currency = claim.Currency,
        SubmittedOn = claim.SubmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ETag = claim.ETag,
    };

    /// <summary>The API body: empty optional inputs are left out (no link; the default currency, or the claim's own on an edit).</summary>
    public ClaimInput ToInput() => new(Category, Description, string.IsNullOrWhiteSpace(Link) ? null : Link, EstimatedCost,
        string.IsNullOrWhiteSpace(Currency) ? null : Currency,
        DateOnly.TryParseExact(SubmittedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null);
}
