using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Embedded;

/// <summary>
/// A durable broker in one SQLite file shared by the services on a machine: nothing to install. A publish
/// commits one delivery row per subscribed consumer before it returns; consumers claim rows with leases
/// (<see cref="SqliteBrokerConsumer"/>), so a crashed instance's deliveries reappear when its lease ends.
/// </summary>
public sealed class SqliteBrokerTransport : IMessageTransport
{
    private readonly SqliteBrokerFile file;
    private readonly SqliteBrokerOptions options;
    private readonly SemaphoreSlim initialized = new(1, 1);
    private bool ready;

    public SqliteBrokerTransport(IOptions<SqliteBrokerOptions> options)
    {
        this.options = options.Value;
        file = new SqliteBrokerFile(this.options.Path);
    }

    public string FilePath => file.FullPath;

    public async Task EnsureConsumerAsync(string consumer, IReadOnlyCollection<string> messageTypes, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await SqliteBrokerFile.BeginImmediateAsync(connection, cancellationToken);
        foreach (var type in messageTypes)
        {
            await SqliteBrokerFile.ExecuteAsync(connection,
                "INSERT OR IGNORE INTO subscriptions (consumer, message_type) VALUES ($consumer, $type)",
                cancellationToken, transaction, ("$consumer", consumer), ("$type", type));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task PublishAsync(TransportMessage message, CancellationToken cancellationToken) => StoreAsync([message], cancellationToken);

    public async Task<BatchPublishResult> PublishBatchAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        try
        {
            await StoreAsync(messages, cancellationToken);
            return new BatchPublishResult(messages.Count, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // One transaction: a failure stores none of them.
            return new BatchPublishResult(0, exception);
        }
    }

    /// <summary>
    /// Stores every message in one write transaction, so a batch costs one fsync (synchronous=FULL) rather than one per
    /// message, and is all-or-nothing. Rows get increasing seq in list order, which is the order consumers claim them in.
    /// </summary>
    private async Task StoreAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await SqliteBrokerFile.BeginImmediateAsync(connection, cancellationToken);
        await using var insert = SqliteBrokerFile.Command(connection,
            """
            INSERT INTO deliveries (consumer, message_id, message_type, body, headers, attempt, visible_at)
            SELECT consumer, $id, $type, $body, $headers, 1, $now FROM subscriptions WHERE message_type = $type ORDER BY consumer
            """,
            transaction, ("$id", null), ("$type", null), ("$body", null), ("$headers", null), ("$now", SqliteBrokerFile.Now()));
        foreach (var message in messages)
        {
            insert.Parameters["$id"].Value = message.MessageId.ToString();
            insert.Parameters["$type"].Value = message.Type;
            insert.Parameters["$body"].Value = message.Body.ToArray();
            insert.Parameters["$headers"].Value = JsonSerializer.Serialize(message.Headers);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ConsumeAsync(string consumer, Func<ReceivedMessage, CancellationToken, Task<DeliveryOutcome>> handler, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        await new SqliteBrokerConsumer(file, options, consumer, handler).RunAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string consumer, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = SqliteBrokerFile.Command(connection,
            "SELECT message_id, message_type, body, headers, attempt, reason, dead_at FROM dead_letters WHERE consumer = $consumer ORDER BY seq LIMIT $limit",
            null, ("$consumer", consumer), ("$limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetter(
                ReadMessage(reader, 0),
                consumer,
                reader.GetString(5),
                reader.GetInt32(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)).UtcDateTime));
        }

        return letters;
    }

    public async Task<int> ReplayDeadLettersAsync(string consumer, IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await SqliteBrokerFile.BeginImmediateAsync(connection, cancellationToken);
        var filter = messageIds is null ? "" : " AND message_id IN (SELECT value FROM json_each($ids))";
        var ids = JsonSerializer.Serialize(messageIds?.Select(id => id.ToString()) ?? []);
        await SqliteBrokerFile.ExecuteAsync(connection,
            $"""
            INSERT INTO deliveries (consumer, message_id, message_type, body, headers, attempt, visible_at)
            SELECT consumer, message_id, message_type, body, headers, 1, $now FROM dead_letters WHERE consumer = $consumer{filter} ORDER BY seq
            """,
            cancellationToken, transaction, ("$consumer", consumer), ("$ids", ids), ("$now", SqliteBrokerFile.Now()));
        var moved = await SqliteBrokerFile.ExecuteAsync(connection, $"DELETE FROM dead_letters WHERE consumer = $consumer{filter}",
            cancellationToken, transaction, ("$consumer", consumer), ("$ids", ids));
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = SqliteBrokerFile.Command(connection, "SELECT COUNT(*) FROM subscriptions", null);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        initialized.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static TransportMessage ReadMessage(SqliteDataReader reader, int first) => new(
        Guid.Parse(reader.GetString(first)),
        reader.GetString(first + 1),
        (byte[])reader.GetValue(first + 2),
        JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(first + 3)) ?? []);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await file.OpenAsync(cancellationToken);
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (ready)
        {
            return;
        }

        await initialized.WaitAsync(cancellationToken);
        try
        {
            if (!ready)
            {
                await file.InitializeAsync(cancellationToken);
                ready = true;
            }
        }
        finally
        {
            initialized.Release();
        }
    }
}
