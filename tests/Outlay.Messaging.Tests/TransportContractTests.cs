using System.Collections.Concurrent;
using System.Text;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Tests;

/// <summary>
/// What every transport must do, run against each of them. Each test uses its own consumer and message
/// type names, so tests never see each other's messages even on a shared broker.
/// </summary>
public abstract class TransportContractTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    protected abstract Task<IMessageTransport> CreateTransportAsync();

    [Fact]
    public async Task A_published_message_arrives_whole_at_its_consumer()
    {
        await using var transport = await CreateTransportAsync();
        var (consumer, type) = Names();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        var sent = Message(type, "hello", new Dictionary<string, string> { ["traceparent"] = "00-4bf92f3577b34e5a9d4f0c0ff1e0b7a1-00f067aa0ba902b7-01" });
        await transport.PublishAsync(sent, Token);

        var received = await ReceiveAsync(transport, consumer, 1);
        var message = Assert.Single(received).Message;
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal(type, message.Type);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(sent.Headers["traceparent"], message.Headers["traceparent"]);
        Assert.Equal(1, received[0].Attempt);
    }

    [Fact]
    public async Task Messages_from_one_producer_arrive_in_publish_order()
    {
        await using var transport = await CreateTransportAsync();
        var (consumer, type) = Names();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        for (var i = 0; i < 200; i++)
        {
            await transport.PublishAsync(Message(type, Number(i)), Token);
        }

        var received = await ReceiveAsync(transport, consumer, 200);
        Assert.Equal(Enumerable.Range(0, 200).Select(Number), received.Select(r => Encoding.UTF8.GetString(r.Message.Body.Span)));
    }

    [Fact]
    public async Task A_batch_is_stored_whole_and_arrives_in_list_order()
    {
        await using var transport = await CreateTransportAsync();
        var (consumer, type) = Names();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        var batch = Enumerable.Range(0, 150)
            .Select(i => Message(type, Number(i), new Dictionary<string, string> { [TransportMessage.AggregateHeader] = $"order-{i}" }))
            .ToList();

        Assert.Equal(new BatchPublishResult(0, null), await transport.PublishBatchAsync([], Token));
        Assert.Equal(new BatchPublishResult(batch.Count, null), await transport.PublishBatchAsync(batch, Token));

        var received = await ReceiveAsync(transport, consumer, batch.Count);
        Assert.Equal(batch.Select(m => m.MessageId), received.Select(r => r.Message.MessageId));
        Assert.Equal(batch.Select(m => Encoding.UTF8.GetString(m.Body.Span)), received.Select(r => Encoding.UTF8.GetString(r.Message.Body.Span)));
        Assert.All(received, r => Assert.Equal($"order-{Encoding.UTF8.GetString(r.Message.Body.Span)}", r.Message.Headers[TransportMessage.AggregateHeader]));
    }

    [Fact]
    public async Task Batches_and_single_publishes_in_turn_arrive_in_publish_order()
    {
        await using var transport = await CreateTransportAsync();
        var (consumer, type) = Names();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        var next = 0;
        for (var round = 0; round < 4; round++)
        {
            await transport.PublishAsync(Message(type, Number(next++)), Token);
            var batch = Enumerable.Range(0, 25).Select(_ => Message(type, Number(next++))).ToList();
            Assert.Equal(new BatchPublishResult(batch.Count, null), await transport.PublishBatchAsync(batch, Token));
        }

        var received = await ReceiveAsync(transport, consumer, next);
        Assert.Equal(Enumerable.Range(0, next).Select(Number), received.Select(r => Encoding.UTF8.GetString(r.Message.Body.Span)));
    }

    [Fact]
    public async Task Every_consumer_of_a_type_gets_its_own_copy_and_others_get_none()
    {
        await using var transport = await CreateTransportAsync();
        var (first, type) = Names();
        var (second, _) = Names();
        var (unrelated, otherType) = Names();
        await transport.EnsureConsumerAsync(first, [type], Token);
        await transport.EnsureConsumerAsync(second, [type], Token);
        await transport.EnsureConsumerAsync(unrelated, [otherType], Token);
        await transport.PublishAsync(Message(type, "fan-out"), Token);
        await transport.PublishAsync(Message(otherType, "marker"), Token);

        Assert.Single(await ReceiveAsync(transport, first, 1));
        Assert.Single(await ReceiveAsync(transport, second, 1));
        var other = await ReceiveAsync(transport, unrelated, 1);
        Assert.Equal("marker", Encoding.UTF8.GetString(Assert.Single(other).Message.Body.Span));
    }

    [Fact]
    public async Task A_retried_message_comes_back_later_with_a_higher_attempt_while_others_flow()
    {
        await using var transport = await CreateTransportAsync();
        var (consumer, type) = Names();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        var failing = Message(type, "fails once");
        await transport.PublishAsync(failing, Token);
        await transport.PublishAsync(Message(type, "fine"), Token);

        var seen = new ConcurrentQueue<(string Body, int Attempt)>();
        await ConsumeUntilAsync(transport, consumer, (received, _) =>
        {
            var body = Encoding.UTF8.GetString(received.Message.Body.Span);
            seen.Enqueue((body, received.Attempt));
            return Task.FromResult(body == "fails once" && received.Attempt == 1
                ? DeliveryOutcome.RetryAfter(TimeSpan.FromMilliseconds(500), "transient")
                : DeliveryOutcome.Ack);
        }, () => seen.Count >= 3);

        Assert.Equal([("fails once", 1), ("fine", 1), ("fails once", 2)], seen.ToArray());
    }

    [Fact]
    public async Task A_dead_letter_is_listed_with_its_reason_and_can_be_replayed()
    {
        await using var transport = await CreateTransportAsync();
        var (consumer, type) = Names();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        var poison = Message(type, "poison");
        await transport.PublishAsync(poison, Token);
        await transport.PublishAsync(Message(type, "after"), Token);

        var handled = new ConcurrentQueue<string>();
        await ConsumeUntilAsync(transport, consumer, (received, _) =>
        {
            var body = Encoding.UTF8.GetString(received.Message.Body.Span);
            handled.Enqueue(body);
            return Task.FromResult(body == "poison" ? DeliveryOutcome.DeadLetter("handler failed: boom") : DeliveryOutcome.Ack);
        }, () => handled.Contains("after"));

        var dead = await WaitForAsync(async () => await transport.ListDeadLettersAsync(consumer, 10, Token), list => list.Count == 1);
        Assert.Equal(poison.MessageId, dead[0].Message.MessageId);
        Assert.Contains("boom", dead[0].Reason, StringComparison.Ordinal);

        Assert.Equal(1, await transport.ReplayDeadLettersAsync(consumer, [poison.MessageId], Token));
        var replayed = await ReceiveAsync(transport, consumer, 1);
        Assert.Equal(poison.MessageId, Assert.Single(replayed).Message.MessageId);
        Assert.Empty(await transport.ListDeadLettersAsync(consumer, 10, Token));
    }

    [Fact]
    public async Task A_delivery_abandoned_without_an_outcome_is_delivered_again()
    {
        await using (var transport = await CreateTransportAsync())
        {
            var (consumer, type) = Names();
            await transport.EnsureConsumerAsync(consumer, [type], Token);
            var sent = Message(type, "interrupted");
            await transport.PublishAsync(sent, Token);

            // The handler never finishes: the consumer stops (as in a crash) before any outcome is recorded.
            using (var stop = new CancellationTokenSource())
            {
                var started = new TaskCompletionSource();
                var consuming = transport.ConsumeAsync(consumer, async (_, cancel) =>
                {
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancel);
                    return DeliveryOutcome.Ack;
                }, stop.Token);
                await started.Task.WaitAsync(Deadline, Token);
                await stop.CancelAsync();
                await IgnoreCancellation(consuming);
            }

            await using var restarted = await ReconnectAsync(transport);
            var again = await ReceiveAsync(restarted, consumer, 1);
            Assert.Equal(sent.MessageId, Assert.Single(again).Message.MessageId);
        }
    }

    [Fact]
    public async Task A_healthy_transport_says_so()
    {
        await using var transport = await CreateTransportAsync();
        Assert.True(await transport.IsHealthyAsync(Token));
    }

    /// <summary>A second connection to the same broker, as a restarted process would open.</summary>
    protected abstract Task<IMessageTransport> ReconnectAsync(IMessageTransport previous);

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected static (string Consumer, string Type) Names()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return ($"test-consumer-{id}", $"test.event-{id}.v1");
    }

    protected static string Number(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static TransportMessage Message(string type, string body, Dictionary<string, string>? headers = null) =>
        new(Guid.NewGuid(), type, Encoding.UTF8.GetBytes(body), headers ?? []);

    /// <summary>Acknowledges everything until <paramref name="count"/> deliveries arrived or the deadline passed.</summary>
    protected static async Task<List<ReceivedMessage>> ReceiveAsync(IMessageTransport transport, string consumer, int count)
    {
        var received = new ConcurrentQueue<ReceivedMessage>();
        await ConsumeUntilAsync(transport, consumer, (message, _) =>
        {
            received.Enqueue(message);
            return Task.FromResult(DeliveryOutcome.Ack);
        }, () => received.Count >= count);
        return [.. received];
    }

    protected static async Task ConsumeUntilAsync(IMessageTransport transport, string consumer,
        Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, Func<bool> done)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var consuming = transport.ConsumeAsync(consumer, handler, stop.Token);
        var deadline = DateTime.UtcNow + Deadline;
        while (!done() && DateTime.UtcNow < deadline && !consuming.IsCompleted)
        {
            await Task.Delay(20, Token);
        }

        await stop.CancelAsync();
        await IgnoreCancellation(consuming);
        Assert.True(done(), "The expected deliveries did not arrive before the deadline.");
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> ready)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var value = await read();
        while (!ready(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Token);
            value = await read();
        }

        return value;
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopping the consumer is how these tests end a subscription.
        }
    }
}
