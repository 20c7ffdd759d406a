using System.Diagnostics;
using Microsoft.Extensions.Options;
using Outlay.Messaging.RabbitMq;
using RabbitMQ.Client;

namespace Outlay.Messaging.Tests.RabbitMq;

/// <summary>
/// The broker the RabbitMQ tests run against: <c>OUTLAY_TEST_RABBITMQ</c> (an AMQP URI, e.g.
/// <c>amqp://guest:guest@127.0.0.1:5672/</c>). Without it the tests are skipped locally and fail in CI.
/// </summary>
internal static class RabbitMqTestBroker
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
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(Why);
            }

            Assert.Skip(Why);
            return uri!;
        }
    }

    public static RabbitMqOptions Options(string? connectionName = null) => new()
    {
        Uri = Uri,
        ConnectionName = connectionName ?? "outlay-tests",
        NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500),
        PublishTimeout = TimeSpan.FromSeconds(20),
    };

    public static RabbitMqTransport CreateTransport(RabbitMqOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()));

    public static async Task<IConnection> ConnectAsync() =>
        await new ConnectionFactory { Uri = new Uri(Uri), ClientProvidedName = "outlay-tests-admin" }.CreateConnectionAsync();

    /// <summary>Deletes every queue the transport declared for these consumers, so the broker does not accumulate them.</summary>
    public static async Task DeleteConsumersAsync(IEnumerable<string> consumers)
    {
        var names = consumers.Distinct().ToList();
        if (names.Count == 0 || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            return;
        }

        await using var transport = CreateTransport();
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in names.SelectMany(transport.QueuesOf))
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
    }

    public static async Task<string> RabbitmqctlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }
}
