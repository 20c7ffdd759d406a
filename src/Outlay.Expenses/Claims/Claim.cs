namespace Outlay.Expenses.Claims;

public enum ClaimStatus
{
    Pending,
    Approved,
    Rejected,
    Reimbursed,
}

/// <summary>
/// A request to be paid back for a cost (seed 004's "expense"): filed by a user, decided by an approver or
/// admin who is not the submitter, then reimbursed. See <see cref="ClaimWorkflow"/> for the allowed moves.
/// </summary>
public sealed class Claim
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SubmitterId { get; set; }
    public required string SubmitterName { get; set; }
    public required string SubmitterEmail { get; set; }

    /// <summary>True when name and email came from the submitter's profile (not from a <c>/v1</c> body), so profile changes update them while pending.</summary>
    public bool ContactFromProfile { get; set; }

    /// <summary>Free text as the seed had it ("office supplies", "travel", "training", ...), kept as sent.</summary>
    public required string Category { get; set; }

    public string NormalizedCategory { get; set; } = "";
    public required string Description { get; set; }
    public string? Link { get; set; }
    public decimal EstimatedCost { get; set; }
    public required string Currency { get; set; }
    public DateOnly SubmittedOn { get; set; }

    public ClaimStatus Status { get; set; } = ClaimStatus.Pending;
    public DateTime? DecidedAt { get; set; }

    /// <summary>The decision's calendar date in the decider's time zone (seed 004's <c>decision_date</c>).</summary>
    public DateOnly? DecidedOn { get; set; }

    public Guid? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public string? DecisionComment { get; set; }
    public DateTime? ReimbursedAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public string ETag => $"\"{Version}\"";

    public void Touch(DateTime now)
    {
        NormalizedCategory = Category.Trim().ToUpperInvariant();
        UpdatedAt = now;
        Version++;
    }
}

public static class ClaimRules
{
    public const int NameMaxLength = 200;
    public const int CategoryMaxLength = 60;
    public const int DescriptionMaxLength = 1000;
    public const int LinkMaxLength = 2000;
    public const int CommentMaxLength = 1000;

    /// <summary>The categories the seed names and the system categories; suggested to clients, not enforced (seed 004 took any text).</summary>
    public static readonly IReadOnlyList<string> SuggestedCategories =
        ["office supplies", "travel", "training", "food", "transportation", "entertainment", "housing", "utilities", "health", "other"];

    public static bool IsWebLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host);
}
