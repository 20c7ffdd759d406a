using System.Diagnostics;
using Microsoft.Extensions.Options;
using Outlay.Messaging.RabbitMq;
using Outlay.Testing.Messaging;
using RabbitMQ.Client;

namespace Outlay.Messaging.Tests.RabbitMq;

/// <summary>
/// The broker the RabbitMQ tests run against: <c>OUTLAY_TEST_RABBITMQ</c> (an AMQP URI, e.g.
/// <c>amqp://guest:guest@127.0.0.1:5672/</c>). Without it the tests are skipped locally and fail in CI.
/// </summary>
internal static class RabbitMqTestBroker
{
    public const string Variable = TestRabbitMq.Variable;

    public static string Uri => TestRabbitMq.Uri;

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

    public static Task DeleteConsumersAsync(IEnumerable<string> consumers) => TestRabbitMq.DeleteConsumersAsync(consumers);

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
