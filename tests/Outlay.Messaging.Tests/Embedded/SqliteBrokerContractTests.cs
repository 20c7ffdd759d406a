using System.Text;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Outlay.Messaging.Embedded;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Tests.Embedded;

public sealed class SqliteBrokerContractTests : TransportContractTests, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("outlay-broker-").FullName;

    protected override Task<IMessageTransport> CreateTransportAsync() => Task.FromResult<IMessageTransport>(New());

    protected override Task<IMessageTransport> ReconnectAsync(IMessageTransport previous) => Task.FromResult<IMessageTransport>(New());

    private SqliteBrokerTransport New(TimeSpan? lease = null) => new(Options.Create(new SqliteBrokerOptions
    {
        Path = Path.Combine(folder, "broker.db"),
        PollInterval = TimeSpan.FromMilliseconds(10),
        LeaseDuration = lease ?? TimeSpan.FromSeconds(30),
        ClaimBatchSize = 16,
    }));

    [Fact]
    public async Task A_consumer_claims_a_batch_and_on_stopping_records_what_ran_and_gives_back_the_rest_at_once()
    {
        // A lease far longer than the test: what comes back must have been given back, not have lapsed.
        await using var transport = New(lease: TimeSpan.FromMinutes(10));
        var (consumer, type) = Names();
        await transport.EnsureConsumerAsync(consumer, [type], Token);
        await transport.PublishBatchAsync([.. Enumerable.Range(0, 5).Select(i => Message(type, Number(i)))], Token);

        var leasedWhileFirstRan = -1;
        var ran = new List<string>();
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            var consuming = transport.ConsumeAsync(consumer, async (received, _) =>
            {
                ran.Add(Encoding.UTF8.GetString(received.Message.Body.Span));
                if (ran.Count == 1)
                {
                    leasedWhileFirstRan = await CountLeasedAsync(consumer);
                }
                else
                {
                    await stop.CancelAsync();
                }

                return DeliveryOutcome.Ack;
            }, stop.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
        }

        Assert.Equal(5, leasedWhileFirstRan);
        Assert.Equal(["0", "1"], ran);
        Assert.Equal(0, await CountLeasedAsync(consumer));
        var rest = await ReceiveAsync(transport, consumer, 3);
        Assert.Equal(["2", "3", "4"], rest.Select(r => Encoding.UTF8.GetString(r.Message.Body.Span)));
    }

    private async Task<int> CountLeasedAsync(string consumer)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "broker.db")};Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM deliveries WHERE consumer = $consumer AND lease_owner IS NOT NULL";
        command.Parameters.AddWithValue("$consumer", consumer);
        return Convert.ToInt32(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
