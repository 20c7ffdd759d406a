using System.Collections.Concurrent;
using System.Text;
using Outlay.Messaging.RabbitMq;
using Outlay.Messaging.Transport;
using Outlay.Testing.Messaging;
using RabbitMQ.Client;

namespace Outlay.Messaging.Tests.RabbitMq;

/// <summary>What only the RabbitMQ transport has to show: its topology, persistence and connection recovery.</summary>
public sealed class RabbitMqTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly List<string> consumers = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await RabbitMqTestBroker.DeleteConsumersAsync(consumers);

    [Fact]
    public async Task Declaring_the_topology_again_from_another_transport_changes_nothing()
    {
        var (consumer, type) = Names();
        var otherType = type + ".other";
        await using var first = RabbitMqTestBroker.CreateTransport();
        await using var second = RabbitMqTestBroker.CreateTransport();
        await first.EnsureConsumerAsync(consumer, [type], Token);
        await first.EnsureConsumerAsync(consumer, [type], Token);
        await second.EnsureConsumerAsync(consumer, [type, otherType], Token);

        await second.PublishAsync(Message(type, "once"), Token);
        await first.PublishAsync(Message(otherType, "other"), Token);

        // Bound three times, still one copy per message.
        var received = await ReceiveAsync(first, consumer, 2);
        Assert.Equal(["once", "other"], received.Select(r => Encoding.UTF8.GetString(r.Message.Body.Span)));
        await using var connection = await RabbitMqTestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Token);
        foreach (var queue in first.QueuesOf(consumer))
        {
            Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(queue, Token)).MessageCount);
        }
    }

    [Fact]
    public async Task Systems_with_their_own_queue_prefix_on_one_broker_never_take_each_others_messages()
    {
        var (consumer, type) = Names();
        var optionsA = RabbitMqTestBroker.Options();
        optionsA.Exchange += "." + consumer + ".a";
        optionsA.QueuePrefix = "a.";
        var optionsB = RabbitMqTestBroker.Options();
        optionsB.Exchange += "." + consumer + ".b";
        optionsB.QueuePrefix = "b.";
        await using var systemA = RabbitMqTestBroker.CreateTransport(optionsA);
        await using var systemB = RabbitMqTestBroker.CreateTransport(optionsB);
        try
        {
            await systemA.EnsureConsumerAsync(consumer, [type], Token);
            await systemB.EnsureConsumerAsync(consumer, [type], Token);
            Assert.Equal($"a.{consumer}.dead", systemA.DeadQueue(consumer));

            foreach (var i in Enumerable.Range(0, 5))
            {
                await systemA.PublishAsync(Message(type, $"a{i}"), Token);
                await systemB.PublishAsync(Message(type, $"b{i}"), Token);
            }

            // Same consumer name, same type, one broker: each system gets exactly its own five.
            Assert.Equal(["a0", "a1", "a2", "a3", "a4"], (await ReceiveAsync(systemA, consumer, 5)).Select(r => Encoding.UTF8.GetString(r.Message.Body.Span)));
            Assert.Equal(["b0", "b1", "b2", "b3", "b4"], (await ReceiveAsync(systemB, consumer, 5)).Select(r => Encoding.UTF8.GetString(r.Message.Body.Span)));
        }
        finally
        {
            await TestRabbitMq.DeleteConsumersAsync([consumer], "a.");
            await TestRabbitMq.DeleteConsumersAsync([consumer], "b.");
        }
    }

    [Fact]
    public async Task Queues_are_durable_quorum_queues_and_messages_are_persistent()
    {
        var (consumer, type) = Names();
        await using var transport = RabbitMqTestBroker.CreateTransport();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        var sent = Message(type, "{\"kept\":true}", new() { ["outlay-source"] = "tests" });
        await transport.PublishAsync(sent, Token);

        var listing = await RabbitMqTestBroker.RabbitmqctlAsync("list_queues", "name", "type", "durable", "--no-table-headers", "--quiet");
        var queues = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns[0].StartsWith(consumer, StringComparison.Ordinal))
            .ToDictionary(columns => columns[0], columns => (Type: columns[1], Durable: columns[2]));
        Assert.Equal(transport.QueuesOf(consumer).Order(), queues.Keys.Order());
        Assert.All(queues.Values, queue => Assert.Equal(("quorum", "true"), queue));

        await using var connection = await RabbitMqTestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Token);
        var got = await channel.BasicGetAsync(consumer, autoAck: true, Token);
        Assert.NotNull(got);
        Assert.Equal(DeliveryModes.Persistent, got.BasicProperties.DeliveryMode);
        Assert.Equal("application/json", got.BasicProperties.ContentType);
        Assert.Equal(sent.MessageId.ToString("D"), got.BasicProperties.MessageId);
        Assert.Equal(type, got.BasicProperties.Type);
        Assert.Equal(type, got.RoutingKey);
        Assert.Equal("tests", Encoding.UTF8.GetString((byte[])got.BasicProperties.Headers!["outlay-source"]!));
    }

    [Fact]
    public async Task Publishing_and_consuming_carry_on_after_the_broker_drops_the_connection()
    {
        var (consumer, type) = Names();
        var name = $"outlay-test-{Guid.NewGuid():N}";
        await using var transport = RabbitMqTestBroker.CreateTransport(RabbitMqTestBroker.Options(name));
        await transport.EnsureConsumerAsync(consumer, [type], Token);

        var received = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var consuming = transport.ConsumeAsync(consumer, (message, _) =>
        {
            received.Enqueue(Encoding.UTF8.GetString(message.Message.Body.Span));
            return Task.FromResult(DeliveryOutcome.Ack);
        }, stop.Token);

        await transport.PublishAsync(Message(type, "before"), Token);
        await WaitUntilAsync(() => received.Contains("before"));

        var before = await ConnectionPidsAsync(name);
        Assert.Single(before);
        await RabbitMqTestBroker.RabbitmqctlAsync("close_connection", before[0], "test");

        // Automatic recovery reconnects, redeclares the topology and re-registers the consumer.
        await transport.PublishAsync(Message(type, "after"), Token);
        await WaitUntilAsync(() => received.Contains("after"));
        Assert.False(consuming.IsCompleted, "the consumer stopped when the connection dropped");
        var after = await ConnectionPidsAsync(name);
        Assert.Single(after);
        Assert.NotEqual(before[0], after[0]);
        Assert.True(await transport.IsHealthyAsync(Token));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
        Assert.Equal(["before", "after"], received.ToArray());
    }

    [Fact]
    public async Task A_message_without_a_usable_id_is_dead_lettered_with_the_reason_and_others_keep_flowing()
    {
        var (consumer, type) = Names();
        await using var transport = RabbitMqTestBroker.CreateTransport();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        await using (var connection = await RabbitMqTestBroker.ConnectAsync())
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Token))
        {
            await channel.BasicPublishAsync("outlay.events", type, mandatory: false,
                new BasicProperties { MessageId = "not-a-guid", DeliveryMode = DeliveryModes.Persistent }, Encoding.UTF8.GetBytes("{}"), Token);
        }

        await transport.PublishAsync(Message(type, "fine"), Token);

        var received = await ReceiveAsync(transport, consumer, 1);
        Assert.Equal("fine", Encoding.UTF8.GetString(Assert.Single(received).Message.Body.Span));
        var dead = Assert.Single(await transport.ListDeadLettersAsync(consumer, 10, Token));
        Assert.Contains("message-id", dead.Reason, StringComparison.Ordinal);
        Assert.Equal(type, dead.Message.Type);
    }

    [Fact]
    public async Task A_retry_waits_in_the_smallest_tier_that_covers_the_delay_and_keeps_its_headers()
    {
        var (consumer, type) = Names();
        await using var transport = RabbitMqTestBroker.CreateTransport();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        Assert.Equal($"{consumer}.retry.1s", transport.RetryQueue(consumer, TimeSpan.FromMilliseconds(10)));
        Assert.Equal($"{consumer}.retry.5s", transport.RetryQueue(consumer, TimeSpan.FromSeconds(3)));
        Assert.Equal($"{consumer}.retry.5m", transport.RetryQueue(consumer, TimeSpan.FromHours(2)));

        await transport.PublishAsync(Message(type, "again", new() { ["traceparent"] = "00-abc-def-01" }), Token);
        var seen = new ConcurrentQueue<ReceivedMessage>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var consuming = transport.ConsumeAsync(consumer, (received, _) =>
        {
            seen.Enqueue(received);
            return Task.FromResult(received.Attempt < 3 ? DeliveryOutcome.RetryAfter(TimeSpan.FromMilliseconds(100), "transient") : DeliveryOutcome.Ack);
        }, stop.Token);
        await WaitUntilAsync(() => seen.Count >= 3);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);

        Assert.Equal([1, 2, 3], seen.Select(r => r.Attempt));
        Assert.All(seen, r => Assert.Equal(new Dictionary<string, string> { ["traceparent"] = "00-abc-def-01" }, r.Message.Headers));
    }

    [Fact]
    public async Task A_batch_refused_in_the_middle_reports_the_prefix_before_the_refusal()
    {
        // A queue that holds two messages and makes the broker nack the next ones (x-overflow=reject-publish) refuses
        // the third message of the batch; the fourth goes elsewhere and is confirmed, but it is after the refusal.
        var (consumer, otherType) = Names();
        var limitedType = otherType + ".limited";
        var limited = consumer + ".limited";
        await using var transport = RabbitMqTestBroker.CreateTransport();
        await transport.EnsureConsumerAsync(consumer, [otherType], Token);
        await using var connection = await RabbitMqTestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Token);
        await channel.QueueDeclareAsync(limited, durable: false, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-max-length"] = 2, ["x-overflow"] = "reject-publish" }, cancellationToken: Token);
        try
        {
            await channel.QueueBindAsync(limited, RabbitMqTestBroker.Options().Exchange, limitedType, cancellationToken: Token);
            var batch = new[] { Message(limitedType, "1"), Message(limitedType, "2"), Message(limitedType, "3"), Message(otherType, "4") };

            var result = await transport.PublishBatchAsync(batch, Token);

            Assert.Equal(2, result.Stored);
            var failure = Assert.IsType<IOException>(result.Failure);
            Assert.Contains(batch[2].MessageId.ToString(), failure.Message, StringComparison.Ordinal);
            Assert.Equal(2u, (await channel.QueueDeclarePassiveAsync(limited, Token)).MessageCount);
            Assert.Equal(batch[3].MessageId, Assert.Single(await ReceiveAsync(transport, consumer, 1)).Message.MessageId);
        }
        finally
        {
            await channel.QueueDeleteAsync(limited, cancellationToken: Token);
        }
    }

    private static async Task<List<string>> ConnectionPidsAsync(string name)
    {
        var listing = await RabbitMqTestBroker.RabbitmqctlAsync("list_connections", "pid", "client_properties", "--no-table-headers", "--quiet");
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(name, StringComparison.Ordinal))
            .Select(line => line.Split('\t')[0])];
    }

    private (string Consumer, string Type) Names()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var consumer = $"test-rabbit-{id}";
        consumers.Add(consumer);
        return (consumer, $"test.rabbit-{id}.v1");
    }

    private static TransportMessage Message(string type, string body, Dictionary<string, string>? headers = null) =>
        new(Guid.NewGuid(), type, Encoding.UTF8.GetBytes(body), headers ?? []);

    private static async Task<List<ReceivedMessage>> ReceiveAsync(RabbitMqTransport transport, string consumer, int count)
    {
        var received = new ConcurrentQueue<ReceivedMessage>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var consuming = transport.ConsumeAsync(consumer, (message, _) =>
        {
            received.Enqueue(message);
            return Task.FromResult(DeliveryOutcome.Ack);
        }, stop.Token);
        await WaitUntilAsync(() => received.Count >= count || consuming.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
        return [.. received];
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Token);
        }

        Assert.True(done(), "The expected deliveries did not arrive before the deadline.");
    }
}
