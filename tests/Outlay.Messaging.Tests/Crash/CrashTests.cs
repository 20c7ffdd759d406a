using Outlay.Messaging.Tests.RabbitMq;
using Outlay.Messaging.Tests.Runtime;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Messaging.Tests.Crash;

/// <summary>
/// Real processes, really killed (SIGKILL): a producer and a consumer, each with its own database, joined by a broker.
/// "Exactly once in effect" is checked by the consumer's applied rows, which have no unique key: a second application
/// of any event would show as more rows than distinct message ids.
/// </summary>
public abstract class CrashTests(DatabaseProvider provider, BrokerKind brokerKind) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly List<IAsyncDisposable> cleanup = [];
    private TestBroker? broker;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            _ = TestDatabase.RequirePostgres();
        }

        broker = TestBroker.Create(brokerKind);
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(cleanup))
        {
            await item.DisposeAsync();
        }

        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_consumer_killed_in_the_middle_of_10000_events_applies_each_exactly_once_after_restart()
    {
        const int Events = 10_000;
        var (producer, consumer) = await StartPairAsync(broker!.Settings);

        var produced = producer.ProduceAsync("stream", from: 1, count: Events, batch: 500);
        var before = await Eventually.ReadAsync(() => consumer.StatsAsync("stream"), s => s.Applied >= Events / 4, Deadline);
        Assert.True(before.Applied >= Events / 4, $"The consumer applied only {before.Applied} events:\n{consumer.Output}");
        await consumer.KillAsync();
        (await produced).EnsureSuccessStatusCode();
        await consumer.RestartAsync();
        // A marker after the stream: the producer sends in order, so once it is applied the stream has been delivered.
        (await producer.ProduceAsync("stream", from: Events + 1, count: 1, batch: 1)).EnsureSuccessStatusCode();

        var after = await Eventually.ReadAsync(() => consumer.StatsAsync("stream"), s => s.Applied >= Events + 1, Deadline);
        Assert.Equal(Events + 1, after.Applied);
        Assert.Equal(Events + 1, after.DistinctMessages);
        Assert.Equal(Events + 1, after.Amount);
    }

    [Fact]
    public async Task Events_committed_by_a_producer_killed_before_sending_are_delivered_after_its_restart()
    {
        var (producer, consumer) = await StartPairAsync(broker!.Settings, producerRelays: false);

        (await producer.ProduceAsync("stranded", from: 1, count: 300, batch: 100)).EnsureSuccessStatusCode();
        Assert.Equal(300, (await producer.OutboxAsync()).Unsent);
        await producer.KillAsync();
        Assert.Equal(0, (await consumer.StatsAsync("stranded")).Applied);
        await producer.RestartAsync(relay: true);

        var stats = await Eventually.ReadAsync(() => consumer.StatsAsync("stranded"), s => s.Applied >= 300, Deadline);
        Assert.Equal(new(300, 300, 300), stats);
        Assert.Equal(0, (await Eventually.ReadAsync(producer.OutboxAsync, o => o.Unsent == 0, Deadline)).Unsent);
    }

    private protected async Task<(LedgerProcess Producer, LedgerProcess Consumer)> StartPairAsync(
        Func<string, Dictionary<string, string?>> brokerSettings, bool producerRelays = true)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var consumerDatabase = await TestDatabase.CreateAsync(provider, "consumer");
        cleanup.Add(consumerDatabase);
        var producerDatabase = await TestDatabase.CreateAsync(provider, "producer");
        cleanup.Add(producerDatabase);
        var consumer = new LedgerProcess("consumer-" + suffix, consume: true, consumerDatabase, brokerSettings("consumer-" + suffix));
        cleanup.Add(consumer);
        var producer = new LedgerProcess("producer-" + suffix, consume: false, producerDatabase, brokerSettings("producer-" + suffix), producerRelays);
        cleanup.Add(producer);
        // The consumer declares its queue first; events published before a queue exists have nowhere to go.
        await consumer.StartAsync();
        await producer.StartAsync();
        return (producer, consumer);
    }
}

public sealed class SqliteEmbeddedCrashTests() : CrashTests(DatabaseProvider.Sqlite, BrokerKind.Embedded);

public sealed class PostgresRabbitMqCrashTests() : CrashTests(DatabaseProvider.Postgres, BrokerKind.RabbitMq)
{
    [Fact]
    public async Task Stopping_RabbitMQ_while_producing_loses_nothing_and_applies_nothing_twice()
    {
        await using var node = await PrivateRabbitMqNode.StartAsync();
        var (producer, consumer) = await StartPairAsync(name => new Dictionary<string, string?>
        {
            ["Outlay:Messaging:Transport"] = "RabbitMq",
            ["Outlay:Messaging:RabbitMq:Uri"] = node.Uri,
            ["Outlay:Messaging:RabbitMq:NetworkRecoveryInterval"] = "00:00:00.5",
            ["Outlay:Messaging:RabbitMq:PublishTimeout"] = "00:00:05",
            ["Outlay:Messaging:DeclareTopology"] = "false",
        });

        var produced = producer.ProduceAsync("outage", from: 1, count: 2000, batch: 100);
        await Eventually.ReadAsync(() => consumer.StatsAsync("outage"), s => s.Applied >= 300, TimeSpan.FromMinutes(2));
        await node.StopAppAsync();
        (await produced).EnsureSuccessStatusCode();
        // Commits do not need the broker: these wait in the outbox until it is back.
        (await producer.ProduceAsync("outage", from: 2001, count: 1000, batch: 100)).EnsureSuccessStatusCode();
        Assert.True((await producer.OutboxAsync()).Unsent >= 1000, "Events committed during the outage should wait in the outbox.");
        await node.StartAppAsync();
        (await producer.ProduceAsync("outage", from: 3001, count: 1, batch: 1)).EnsureSuccessStatusCode();

        var stats = await Eventually.ReadAsync(() => consumer.StatsAsync("outage"), s => s.Applied >= 3001, TimeSpan.FromMinutes(4));
        Assert.Equal(new(3001, 3001, 3001), stats);
    }
}
