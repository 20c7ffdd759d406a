using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Outlay.Messaging.Tests.RabbitMq;

/// <summary>
/// A RabbitMQ node of the test's own (its own name, ports and data directory), so a test can stop and start the broker
/// without disturbing the shared one other suites use at the same time. Needs the Debian rabbitmq-server package.
/// </summary>
internal sealed class PrivateRabbitMqNode : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "outlay-rabbit-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string node;
    private readonly int port;

    private PrivateRabbitMqNode()
    {
        port = FreePort();
        node = $"outlay{port}@localhost";
    }

    public string Uri => $"amqp://guest:guest@127.0.0.1:{port}/";

    public static async Task<PrivateRabbitMqNode> StartAsync()
    {
        _ = RabbitMqTestBroker.Uri; // the same skip-locally / fail-in-CI rule as the shared broker
        var rabbit = new PrivateRabbitMqNode();
        Directory.CreateDirectory(Path.Combine(rabbit.folder, "log"));
        // The server drops to the rabbitmq user when started as root; it must be able to write here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(rabbit.folder, (UnixFileMode)0x1FF);
            File.SetUnixFileMode(Path.Combine(rabbit.folder, "log"), (UnixFileMode)0x1FF);
        }
        await StartDetachedAsync(rabbit.Environment());
        await rabbit.AwaitAppAsync();
        return rabbit;
    }

    /// <summary>Stops the broker application: every connection drops and new ones are refused until <see cref="StartAppAsync"/>.</summary>
    public Task StopAppAsync() => RunAsync("rabbitmqctl", ["-n", node, "stop_app"], null);

    public async Task StartAppAsync()
    {
        await RunAsync("rabbitmqctl", ["-n", node, "start_app"], null);
        await AwaitAppAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("rabbitmqctl", ["-n", node, "stop"], null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task AwaitAppAsync()
    {
        // Right after -detached the node is not yet registered with epmd and await_startup fails at once: poll.
        var ready = await Outlay.Testing.Eventually.ReadAsync(
            async () => await TryRunAsync("rabbitmqctl", ["-n", node, "await_startup", "--timeout", "10"]),
            ok => ok, TimeSpan.FromSeconds(120));
        Assert.True(ready, $"RabbitMQ node {node} did not start; see {folder}/log.");
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["RABBITMQ_NODENAME"] = node,
        ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
    };

    /// <summary>No redirection: the detached broker would inherit the pipes and keep them open for its whole life.</summary>
    private static async Task StartDetachedAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("rabbitmq-server") { UseShellExecute = false };
        start.ArgumentList.Add("-detached");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    private static async Task<bool> TryRunAsync(string file, string[] arguments)
    {
        try
        {
            await RunAsync(file, arguments, null);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string file, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output} {await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
