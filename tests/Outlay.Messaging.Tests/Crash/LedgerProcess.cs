using System.Net.Http.Json;

using Outlay.Testing;

using static Outlay.Messaging.TestService.Ledger.LedgerEndpoints;

namespace Outlay.Messaging.Tests.Crash;

/// <summary>The ledger test service as a real process: what the crash tests kill and restart.</summary>
internal sealed class LedgerProcess : IAsyncDisposable
{
    private static readonly string AssemblyPath = Path.Combine(AppContext.BaseDirectory, "Outlay.Messaging.TestService.dll");
    private readonly Dictionary<string, string?> settings;
    private ServiceProcess process;

    public LedgerProcess(string name, bool consume, TestDatabase database, IReadOnlyDictionary<string, string?> brokerSettings, bool relay = true)
    {
        settings = new Dictionary<string, string?>(database.Settings.Concat(brokerSettings))
        {
            ["TestService:Name"] = name,
            ["TestService:Consume"] = consume ? "true" : "false",
            ["Outlay:Messaging:Outbox:RelayEnabled"] = relay ? "true" : "false",
            ["Outlay:Messaging:Outbox:SweepInterval"] = "00:00:00.5",
            ["Outlay:Messaging:Consumer:FirstRetryDelay"] = "00:00:00.2",
            ["Outlay:Messaging:Embedded:LeaseDuration"] = "00:00:03",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        process = new ServiceProcess(AssemblyPath, settings);
    }

    public HttpClient Client => process.Client;

    public string Output => process.Output;

    public Task StartAsync() => process.StartAsync();

    public Task KillAsync() => process.KillAsync();

    /// <summary>Starts again on the same database and broker, optionally with the relay switched on or off.</summary>
    public async Task RestartAsync(bool relay = true)
    {
        await process.DisposeAsync();
        settings["Outlay:Messaging:Outbox:RelayEnabled"] = relay ? "true" : "false";
        process = new ServiceProcess(AssemblyPath, settings);
        await process.StartAsync();
    }

    public Task<HttpResponseMessage> ProduceAsync(string account, long from, int count, int batch) =>
        Client.PostAsync($"/ledger/deposits?account={account}&from={from}&count={count}&batch={batch}", null);

    public async Task<LedgerStats> StatsAsync(string account) =>
        (await Client.GetFromJsonAsync<LedgerStats>($"/ledger/stats?account={account}"))!;

    public async Task<OutboxStats> OutboxAsync() => (await Client.GetFromJsonAsync<OutboxStats>("/ledger/outbox"))!;

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
