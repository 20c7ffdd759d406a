namespace Outlay.Expenses.Claims;

public enum ClaimAction
{
    Edit,
    Withdraw,
    Approve,
    Reject,
    Reimburse,
}

public enum Verdict
{
    Allowed,

    /// <summary>The actor may not even see the claim: 404, so its existence does not leak.</summary>
    NotFound,

    /// <summary>The actor sees the claim but lacks the right for this action: 403.</summary>
    Forbidden,

    /// <summary>The action does not apply in the claim's current state: 409.</summary>
    InvalidTransition,
}

/// <summary>Who acts on a claim.</summary>
public readonly record struct Actor(Guid UserId, bool IsApprover);

/// <summary>
/// The claim state machine: pending → approved | rejected → (approved only) reimbursed. The submitter edits or
/// withdraws while pending; an approver or admin decides and reimburses, never on a claim of their own.
/// </summary>
public static class ClaimWorkflow
{
    public static bool CanSee(Guid submitterId, Actor actor) => actor.IsApprover || submitterId == actor.UserId;

    public static Verdict Check(ClaimStatus status, Guid submitterId, ClaimAction action, Actor actor)
    {
        if (!CanSee(submitterId, actor))
        {
            return Verdict.NotFound;
        }

        var isSubmitter = submitterId == actor.UserId;
        var permitted = action switch
        {
            ClaimAction.Edit or ClaimAction.Withdraw => isSubmitter,
            _ => actor.IsApprover && !isSubmitter,
        };
        if (!permitted)
        {
            return Verdict.Forbidden;
        }

        return Next(status, action) is null ? Verdict.InvalidTransition : Verdict.Allowed;
    }

    /// <summary>The state after <paramref name="action"/>, or null when it does not apply to <paramref name="status"/>. A withdrawn claim is deleted.</summary>
    public static ClaimStatus? Next(ClaimStatus status, ClaimAction action) => (status, action) switch
    {
        (ClaimStatus.Pending, ClaimAction.Edit) => ClaimStatus.Pending,
        (ClaimStatus.Pending, ClaimAction.Withdraw) => ClaimStatus.Pending,
        (ClaimStatus.Pending, ClaimAction.Approve) => ClaimStatus.Approved,
        (ClaimStatus.Pending, ClaimAction.Reject) => ClaimStatus.Rejected,
        (ClaimStatus.Approved, ClaimAction.Reimburse) => ClaimStatus.Reimbursed,
        _ => null,
    };

    public static string Describe(ClaimStatus status) => status.ToString().ToLowerInvariant();
}
