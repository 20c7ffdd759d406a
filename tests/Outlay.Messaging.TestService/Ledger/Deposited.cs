using Outlay.Contracts;

namespace Outlay.Messaging.TestService.Ledger;

/// <param name="Sequence">Assigned by the test, increasing per account, so order and completeness can be checked.</param>
public sealed record Deposited(string Account, int Amount, long Sequence) : IIntegrationEvent
{
    public static string EventType => "test.deposited.v1";
}
