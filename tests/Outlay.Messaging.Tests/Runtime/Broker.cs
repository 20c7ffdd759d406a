using Outlay.Messaging.Tests.RabbitMq;

namespace Outlay.Messaging.Tests.Runtime;

public enum BrokerKind
{
    Embedded,
    RabbitMq,
}

/// <summary>The broker one test class uses: a private embedded broker file, or a private exchange on the real RabbitMQ.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "outlay-broker-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> consumers = [];

    private TestBroker(BrokerKind kind) => Kind = kind;

    public BrokerKind Kind { get; }

    public string Exchange { get; } = "outlay.test." + Guid.NewGuid().ToString("N")[..12];

    public static TestBroker Create(BrokerKind kind)
    {
        if (kind == BrokerKind.RabbitMq)
        {
            _ = RabbitMqTestBroker.Uri; // skips locally, fails in CI, when there is no broker
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
                ["Outlay:Messaging:RabbitMq:Uri"] = RabbitMqTestBroker.Uri,
                ["Outlay:Messaging:RabbitMq:Exchange"] = Exchange,
                ["Outlay:Messaging:RabbitMq:NetworkRecoveryInterval"] = "00:00:00.5",
                ["Outlay:Messaging:DeclareTopology"] = "false",
            };
    }

    public async ValueTask DisposeAsync()
    {
        if (Kind == BrokerKind.RabbitMq)
        {
            await RabbitMqTestBroker.DeleteConsumersAsync(consumers);
        }
        else if (Directory.Exists(folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
