using Microsoft.EntityFrameworkCore;

using Outlay.Messaging.Consuming;

namespace Outlay.Messaging.TestService.Ledger;

public sealed class DepositedHandler(LedgerDbContext db, TimeProvider time) : IEventHandler<Deposited>
{
    public async Task HandleAsync(Deposited integrationEvent, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.PoisonedAccounts.AnyAsync(p => p.Account == integrationEvent.Account, cancellationToken))
        {
            throw new InvalidOperationException($"Account {integrationEvent.Account} is poisoned.");
        }

        db.AppliedDeposits.Add(new AppliedDeposit
        {
            MessageId = context.MessageId,
            Account = integrationEvent.Account,
            Amount = integrationEvent.Amount,
            Sequence = integrationEvent.Sequence,
            AppliedAt = time.GetUtcNow().UtcDateTime,
        });
    }
}
