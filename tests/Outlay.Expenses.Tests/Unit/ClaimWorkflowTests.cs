using Outlay.Expenses.Claims;

namespace Outlay.Expenses.Tests.Unit;

/// <summary>Every (state, action, actor) combination of the claim state machine.</summary>
public sealed class ClaimWorkflowTests
{
    private static readonly Guid Submitter = Guid.NewGuid();

    public static TheoryData<ClaimStatus, ClaimAction, string, Verdict> Matrix()
    {
        var data = new TheoryData<ClaimStatus, ClaimAction, string, Verdict>();
        foreach (var status in Enum.GetValues<ClaimStatus>())
        {
            foreach (var action in Enum.GetValues<ClaimAction>())
            {
                foreach (var actor in new[] { "submitter", "submitter-approver", "other-user", "approver" })
                {
                    data.Add(status, action, actor, Expected(status, action, actor));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_transition_is_allowed_or_denied_by_role_and_state(ClaimStatus status, ClaimAction action, string actor, Verdict expected) =>
        Assert.Equal(expected, ClaimWorkflow.Check(status, Submitter, action, ActorNamed(actor)));

    [Fact]
    public void The_states_follow_pending_approved_or_rejected_then_reimbursed()
    {
        Assert.Equal(ClaimStatus.Approved, ClaimWorkflow.Next(ClaimStatus.Pending, ClaimAction.Approve));
        Assert.Equal(ClaimStatus.Rejected, ClaimWorkflow.Next(ClaimStatus.Pending, ClaimAction.Reject));
        Assert.Equal(ClaimStatus.Reimbursed, ClaimWorkflow.Next(ClaimStatus.Approved, ClaimAction.Reimburse));
        Assert.Null(ClaimWorkflow.Next(ClaimStatus.Rejected, ClaimAction.Reimburse));
        Assert.Null(ClaimWorkflow.Next(ClaimStatus.Reimbursed, ClaimAction.Approve));
        Assert.Null(ClaimWorkflow.Next(ClaimStatus.Approved, ClaimAction.Reject));
        Assert.Null(ClaimWorkflow.Next(ClaimStatus.Approved, ClaimAction.Edit));
    }

    // The specification, written independently of ClaimWorkflow's own table.
    private static Verdict Expected(ClaimStatus status, ClaimAction action, string actor)
    {
        if (actor == "other-user")
        {
            return Verdict.NotFound;
        }

        var isSubmitter = actor.StartsWith("submitter", StringComparison.Ordinal);
        var submitterAction = action is ClaimAction.Edit or ClaimAction.Withdraw;
        if (submitterAction ? !isSubmitter : isSubmitter)
        {
            return Verdict.Forbidden;
        }

        var applies = (status, action) switch
        {
            (ClaimStatus.Pending, ClaimAction.Edit or ClaimAction.Withdraw or ClaimAction.Approve or ClaimAction.Reject) => true,
            (ClaimStatus.Approved, ClaimAction.Reimburse) => true,
            _ => false,
        };
        return applies ? Verdict.Allowed : Verdict.InvalidTransition;
    }

    private static Actor ActorNamed(string name) => name switch
    {
        "submitter" => new Actor(Submitter, IsApprover: false),
        "submitter-approver" => new Actor(Submitter, IsApprover: true),
        "other-user" => new Actor(Guid.NewGuid(), IsApprover: false),
        _ => new Actor(Guid.NewGuid(), IsApprover: true),
    };
}
