using Microsoft.Extensions.Options;

using Outlay.Messaging.RabbitMq;

using RabbitMQ.Client;

namespace Outlay.Testing.Messaging;

/// <summary>
/// The RabbitMQ server tests run against: <c>OUTLAY_TEST_RABBITMQ</c> (an AMQP URI, e.g.
/// <c>amqp://guest:guest@127.0.0.1:5672/</c>). Without it the tests are skipped locally and fail in CI.
/// </summary>
public static class TestRabbitMq
{
    public const string Variable = "OUTLAY_TEST_RABBITMQ";

    public static string Uri
    {
        get
        {
            var uri = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(uri))
            {
                return uri;
            }

            const string Why = $"{Variable} is not set: start rabbitmq-server and set it to its AMQP URI (e.g. amqp://guest:guest@127.0.0.1:5672/).";
            if (TestDatabase.IsCi)
            {
                Assert.Fail(Why);
            }

            Assert.Skip(Why);
            return uri!;
        }
    }

    /// <summary>Deletes every queue the transport declared for these consumers, so the broker does not accumulate them.</summary>
    public static async Task DeleteConsumersAsync(IEnumerable<string> consumers, string queuePrefix = "")
    {
        var names = consumers.Distinct().ToList();
        if (names.Count == 0 || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            return;
        }

        await using var transport = new RabbitMqTransport(Options.Create(new RabbitMqOptions { Uri = Uri, ConnectionName = "outlay-tests-cleanup", QueuePrefix = queuePrefix }));
        await using var connection = await new ConnectionFactory { Uri = new System.Uri(Uri), ClientProvidedName = "outlay-tests-admin" }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in names.SelectMany(transport.QueuesOf))
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
    }
}
