using System.Text;

using Outlay.Contracts;
using Outlay.Messaging;
using Outlay.Messaging.Transport;

namespace Outlay.Testing.Messaging;

public enum BrokerKind
{
    Embedded,
    RabbitMq,
}

/// <summary>
/// The broker one test class uses: a private embedded broker file, or a private exchange on the real RabbitMQ. Every
/// service a test starts on it gets <see cref="Settings"/>, so services of one test talk to each other and to nobody else.
/// </summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "outlay-broker-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> consumers = [];

    private TestBroker(BrokerKind kind) => Kind = kind;

    public BrokerKind Kind { get; }

    public string Exchange { get; } = "outlay.test." + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Before every queue name of the services on this broker: the test's own queues, as its exchange is its own.</summary>
    public string QueuePrefix => Exchange + ".";

    public static TestBroker Create(BrokerKind kind)
    {
        if (kind == BrokerKind.RabbitMq)
        {
            _ = TestRabbitMq.Uri; // skips locally, fails in CI, when there is no broker
        }

        return new TestBroker(kind);
    }

    /// <summary>The settings that point a service named <paramref name="consumer"/> at this broker.</summary>
    public Dictionary<string, string?> Settings(string consumer)
    {
        consumers.Add(consumer);
        return Kind == BrokerKind.Embedded
            ? new()
            {
                ["Outlay:Messaging:Transport"] = "Embedded",
                ["Outlay:Messaging:Embedded:Path"] = Path.Combine(folder, "broker.db"),
                ["Outlay:Messaging:DeclareTopology"] = "false",
            }
            : new()
            {
                ["Outlay:Messaging:Transport"] = "RabbitMq",
                ["Outlay:Messaging:RabbitMq:Uri"] = TestRabbitMq.Uri,
                ["Outlay:Messaging:RabbitMq:Exchange"] = Exchange,
                // Queues are named after the service; without this, two tests running a "catalog" would share one queue.
                ["Outlay:Messaging:RabbitMq:QueuePrefix"] = QueuePrefix,
                ["Outlay:Messaging:RabbitMq:NetworkRecoveryInterval"] = "00:00:00.5",
                ["Outlay:Messaging:DeclareTopology"] = "false",
            };
    }

    /// <summary>
    /// Publishes <paramref name="integrationEvent"/> as <paramref name="source"/> would (through any transport connected to
    /// this broker), standing in for a service the test does not run. Returns the message id; publish the same id twice
    /// to simulate a redelivery.
    /// </summary>
    public static async Task<Guid> PublishAsync<TEvent>(IMessageTransport transport, TEvent integrationEvent, string source, Guid? messageId = null)
        where TEvent : IIntegrationEvent
    {
        var id = messageId ?? Guid.CreateVersion7();
        var headers = new Dictionary<string, string> { [TransportMessage.SourceHeader] = source };
        await transport.PublishAsync(new TransportMessage(id, TEvent.EventType, Encoding.UTF8.GetBytes(EventSerializer.Serialize(integrationEvent)), headers),
            CancellationToken.None);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (Kind == BrokerKind.RabbitMq)
        {
            await TestRabbitMq.DeleteConsumersAsync(consumers, QueuePrefix);
        }
        else if (Directory.Exists(folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
