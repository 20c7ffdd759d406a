using System.Net.Http.Headers;
using System.Net.Http.Json;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Messaging.RabbitMq;
using Outlay.Messaging.Transport;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

using static Outlay.Messaging.TestService.Ledger.LedgerEndpoints;

namespace Outlay.Messaging.Tests.Runtime;

/// <summary>The ledger test service hosted in-process on its own database, producing and consuming its own events.</summary>
public sealed class LedgerHost : IAsyncDisposable
{
    public const int MaxAttempts = 3;
    public const int MaxBodyBytes = 4096;

    private readonly TestDatabase? ownedDatabase;
    private readonly LedgerFactory factory;

    private LedgerHost(TestDatabase? ownedDatabase, LedgerFactory factory, string name)
    {
        this.ownedDatabase = ownedDatabase;
        this.factory = factory;
        Name = name;
        Client = factory.CreateClient();
    }

    public string Name { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => factory.Services;

    public IMessageTransport Transport => Services.GetRequiredService<IMessageTransport>();

    public static async Task<LedgerHost> StartAsync(DatabaseProvider provider, TestBroker broker) =>
        (await StartReplicasAsync(provider, broker, 1))[0];

    /// <summary>
    /// Instances of one service (one name, one database, one queue) started at the same moment, as the AppHost
    /// starts them. The first owns the database and must be disposed last.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerHost>> StartReplicasAsync(DatabaseProvider provider, TestBroker broker, int count)
    {
        var name = "ledger-" + Guid.NewGuid().ToString("N")[..8];
        var database = await TestDatabase.CreateAsync(provider, "ledger");
        var settings = Settings(broker, name);
        var hosts = Enumerable.Range(0, count).Select(i => new LedgerHost(i == 0 ? database : null, new LedgerFactory(database, settings), name)).ToList();
        await Task.WhenAll(hosts.Select(host => Task.Run(async () =>
        {
            var ready = await Eventually.ReadAsync(() => host.Client.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
            Assert.True(ready.IsSuccessStatusCode, $"{name} did not become ready: {await ready.Content.ReadAsStringAsync()}");
        })));
        return hosts;
    }

    private static Dictionary<string, string?> Settings(TestBroker broker, string name)
    {
        var settings = broker.Settings(name);
        settings["TestService:Name"] = name;
        settings["Outlay:Messaging:Consumer:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Outlay:Messaging:Consumer:FirstRetryDelay"] = "00:00:00.1";
        settings["Outlay:Messaging:Consumer:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Outlay:Messaging:Outbox:SweepInterval"] = "00:00:00.2";
        return settings;
    }

    public async Task ProduceAsync(string account, long from, int count, int batch = 100)
    {
        var response = await Client.PostAsync($"/ledger/deposits?account={account}&from={from}&count={count}&batch={batch}", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<LedgerStats> StatsAsync(string account) =>
        (await Client.GetFromJsonAsync<LedgerStats>($"/ledger/stats?account={account}"))!;

    public Task<LedgerStats> WaitForAppliedAsync(string account, long expected, TimeSpan? timeout = null) =>
        Eventually.ReadAsync(() => StatsAsync(account), s => s.Applied >= expected, timeout ?? TimeSpan.FromSeconds(60));

    public async Task<List<long>> SequencesAsync(string account) =>
        (await Client.GetFromJsonAsync<List<long>>($"/ledger/sequences?account={account}"))!;

    public async Task<OutboxStats> OutboxAsync() => (await Client.GetFromJsonAsync<OutboxStats>("/ledger/outbox"))!;

    public HttpClient AdminClient()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Shared.Issue(Guid.NewGuid(), "admin@outlay.test", "admin"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await factory.DisposeAsync();
        if (ownedDatabase is not null)
        {
            await ownedDatabase.DisposeAsync();
        }
    }

    private sealed class LedgerFactory(TestDatabase database, Dictionary<string, string?> settings)
        : ServiceFactory<Program>(database, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                TestTokens.Shared.TrustIn(services);
                services.PostConfigure<RabbitMqOptions>(options => options.RetryTiers = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)]);
            });
        }
    }
}
