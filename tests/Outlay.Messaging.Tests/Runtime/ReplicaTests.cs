using Outlay.Messaging.TestService.Ledger;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Messaging.Tests.Runtime;

/// <summary>
/// Two instances of one service, as the AppHost runs them: started together on one database (both migrate the
/// messaging tables), both producing, both relaying under the one relay lease, and competing for the one queue.
/// Every event is applied exactly once.
/// </summary>
public abstract class ReplicaTests(DatabaseProvider provider, BrokerKind brokerKind)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_instances_started_together_apply_every_event_of_both_exactly_once()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            _ = TestDatabase.RequirePostgres();
        }

        await using var broker = TestBroker.Create(brokerKind);
        var replicas = await LedgerHost.StartReplicasAsync(provider, broker, 2);
        try
        {
            await Task.WhenAll(
                replicas[0].ProduceAsync("shared", from: 1, count: 150, batch: 25),
                replicas[1].ProduceAsync("shared", from: 1001, count: 150, batch: 25));

            var stats = await replicas[1].WaitForAppliedAsync("shared", 300, Deadline);

            Assert.Equal(new LedgerEndpoints.LedgerStats(300, 300, 300), stats);
            var sequences = await replicas[0].SequencesAsync("shared");
            Assert.Equal(300, sequences.Distinct().Count());
            var outbox = await Eventually.ReadAsync(() => replicas[0].OutboxAsync(), o => o.Unsent == 0, Deadline);
            Assert.Equal(new LedgerEndpoints.OutboxStats(0, 300), outbox);
        }
        finally
        {
            // The first owns the database: the other goes first.
            await replicas[1].DisposeAsync();
            await replicas[0].DisposeAsync();
        }
    }
}

public sealed class SqliteEmbeddedReplicaTests() : ReplicaTests(DatabaseProvider.Sqlite, BrokerKind.Embedded);

public sealed class PostgresEmbeddedReplicaTests() : ReplicaTests(DatabaseProvider.Postgres, BrokerKind.Embedded);

public sealed class PostgresRabbitMqReplicaTests() : ReplicaTests(DatabaseProvider.Postgres, BrokerKind.RabbitMq);
