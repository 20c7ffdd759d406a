using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;

using Npgsql;

using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Outlay.Bench;

/// <summary>
/// End-to-end events per second: a real service process writes events in its transactions (outbox), relays them to the
/// broker, consumes them back and applies each with its inbox row. The reference, on the same RabbitMQ in the same run,
/// is the bare client doing what the pipeline must at least do: publish with confirms, consume with manual acks.
/// Needs OUTLAY_BENCH_POSTGRES / OUTLAY_BENCH_RABBITMQ (or the OUTLAY_TEST_* variables) for those configurations.
/// </summary>
internal static class MessagingBenchmarks
{
    private const int Events = 3000;

    public static async Task RunAsync()
    {
        var postgres = Variable("POSTGRES");
        var rabbit = Variable("RABBITMQ");
        Rate? reference = null;
        if (rabbit is not null)
        {
            reference = await RawRabbitMqAsync(rabbit);
            Console.WriteLine(reference);
        }

        foreach (var (database, broker) in new[] { ("Sqlite", "Embedded"), ("Sqlite", "RabbitMq"), ("Postgres", "RabbitMq"), ("Postgres", "Embedded") })
        {
            if ((database == "Postgres" && postgres is null) || (broker == "RabbitMq" && rabbit is null))
            {
                Console.WriteLine($"  skipped {database} + {broker}: no server configured");
                continue;
            }

            var rate = await PipelineAsync(database, broker, postgres, rabbit);
            Console.WriteLine(rate);
            if (reference is not null)
            {
                Console.WriteLine(rate.RatioTo(reference));
            }
        }
    }

    internal static string? Variable(string name) =>
        Environment.GetEnvironmentVariable("OUTLAY_BENCH_" + name) ?? Environment.GetEnvironmentVariable("OUTLAY_TEST_" + name);

    internal static async Task<Rate> PipelineAsync(string database, string broker, string? postgres, string? rabbit)
    {
        var data = Directory.CreateTempSubdirectory("outlay-bench-").FullName;
        var name = "bench" + Guid.NewGuid().ToString("N")[..8];
        var port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["TestService__Name"] = name,
            ["Outlay__Database__DataFolder"] = data,
            ["Outlay__Database__Provider"] = database,
            ["Outlay__Database__CreateIfMissing"] = "true",
            ["Outlay__Messaging__Transport"] = broker,
            ["Outlay__Messaging__DeclareTopology"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (database == "Postgres")
        {
            environment["Outlay__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ToString();
        }

        if (broker == "RabbitMq")
        {
            environment["Outlay__Messaging__RabbitMq__Uri"] = rabbit!;
            environment["Outlay__Messaging__RabbitMq__Exchange"] = name;
        }

        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Outlay.Messaging.TestService.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var service = Process.Start(start)!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            await WaitAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60));
            await ProduceAndWaitAsync(client, "warmup", 200);
            var stopwatch = Stopwatch.StartNew();
            await ProduceAndWaitAsync(client, "run", Events);
            var elapsed = stopwatch.Elapsed;
            // Latency without a backlog: one event at a time, each waited for before the next is committed.
            for (var i = 0; i < 50; i++)
            {
                (await client.PostAsync($"/ledger/deposits?account=single&from={i}&count=1&batch=1", null)).EnsureSuccessStatusCode();
                await WaitAsync(async () => (await client.GetFromJsonAsync<Dictionary<string, long>>("/ledger/stats?account=single"))!["applied"] > i, TimeSpan.FromMinutes(1));
            }

            var latencies = (await client.GetFromJsonAsync<List<double>>("/ledger/latencies?account=single"))!;
            var label = $"Outlay pipeline, {database} db + {broker} ({Events} events)";
            return new Rate(label, Events / elapsed.TotalSeconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
            if (database == "Postgres")
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ToString());
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>Commits the events in transactions of 100 and returns once the consumer has applied all of them.</summary>
    private static async Task ProduceAndWaitAsync(HttpClient client, string account, int count)
    {
        (await client.PostAsync($"/ledger/deposits?account={account}&from=1&count={count}&batch=100", null)).EnsureSuccessStatusCode();
        await WaitAsync(async () =>
        {
            var stats = await client.GetFromJsonAsync<Dictionary<string, long>>($"/ledger/stats?account={account}");
            return stats!["applied"] >= count;
        }, TimeSpan.FromMinutes(5));
    }

    /// <summary>The same number of messages through the bare client: sequential confirmed publishes, one consumer acking each.</summary>
    private static async Task<Rate> RawRabbitMqAsync(string uri)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var consumerChannel = await connection.CreateChannelAsync();
        var queue = "bench.raw." + Guid.NewGuid().ToString("N")[..8];
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await consumerChannel.BasicQosAsync(0, 16, false);
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var latencies = new List<double>(Events);
        // Latency here includes the publishing burst; the pipeline figures are measured one event at a time.
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var sent = BitConverter.ToInt64(delivery.Body.Span);
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (++received == Events)
            {
                done.TrySetResult();
            }
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);
        var properties = new BasicProperties { Persistent = true };
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Events; i++)
        {
            await publisher.BasicPublishAsync("", queue, mandatory: false, properties, BitConverter.GetBytes(Stopwatch.GetTimestamp()));
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = stopwatch.Elapsed;
        await publisher.QueueDeleteAsync(queue);
        latencies.Sort();
        return new Rate($"raw RabbitMQ.Client confirm+ack ({Events} msgs, reference)", Events / elapsed.TotalSeconds,
            latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Condition not met within {timeout}."));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
