using System.Net;
using System.Net.Http.Json;
using System.Text;

using Outlay.Messaging.Admin;
using Outlay.Messaging.TestService.Ledger;
using Outlay.Messaging.Transport;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Messaging.Tests.Runtime;

/// <summary>
/// Outbox, relay, inbox and consumer runtime end to end in a real service, on each database provider and each broker.
/// Every test works on its own account, so the tests of a class share one running service.
/// </summary>
public abstract class OutboxInboxTests(DatabaseProvider provider, BrokerKind brokerKind) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private TestBroker? broker;
    private LedgerHost? host;

    private LedgerHost Host => host ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            _ = TestDatabase.RequirePostgres();
        }

        broker = TestBroker.Create(brokerKind);
        host = await LedgerHost.StartAsync(provider, broker);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Events_committed_with_a_change_are_applied_once_each_and_in_order()
    {
        await Host.ProduceAsync("ordered", from: 1, count: 300, batch: 40);

        var stats = await Host.WaitForAppliedAsync("ordered", 300, Deadline);

        Assert.Equal(new LedgerEndpoints.LedgerStats(300, 300, 300), stats);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), await Host.SequencesAsync("ordered"));
        var outbox = await Eventually.ReadAsync(Host.OutboxAsync, o => o.Unsent == 0, Deadline);
        Assert.Equal(0, outbox.Unsent);
    }

    [Fact]
    public async Task A_transaction_that_rolls_back_publishes_nothing()
    {
        var before = await Host.OutboxAsync();

        var failed = await Host.Client.PostAsync("/ledger/deposits?account=rolled-back&from=1&count=5&failAfterSave=true", null);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        await Host.ProduceAsync("rolled-back", from: 100, count: 1);
        var stats = await Host.WaitForAppliedAsync("rolled-back", 1, Deadline);
        Assert.Equal(1, stats.Applied);
        Assert.Equal([100L], await Host.SequencesAsync("rolled-back"));
        var after = await Host.OutboxAsync();
        Assert.Equal(before.Unsent + before.Sent + 1, after.Unsent + after.Sent);
    }

    [Fact]
    public async Task A_message_delivered_twice_is_applied_once()
    {
        var message = Deposit("twice", sequence: 1);

        await Host.Transport.PublishAsync(message, TestContext.Current.CancellationToken);
        await Host.Transport.PublishAsync(message, TestContext.Current.CancellationToken);
        await Host.Transport.PublishAsync(Deposit("twice", sequence: 2), TestContext.Current.CancellationToken);

        await Host.WaitForAppliedAsync("twice", 2, Deadline);
        var metrics = await Eventually.ReadAsync(() => Host.Client.GetStringAsync("/metrics"),
            text => text.Contains("outcome=\"duplicate\"", StringComparison.Ordinal), Deadline);
        Assert.Contains("outcome=\"duplicate\"", metrics, StringComparison.Ordinal);
        Assert.Equal([1L, 2L], await Host.SequencesAsync("twice"));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_then_dead_lettered_while_others_flow_and_a_replay_applies_it()
    {
        var cancellation = TestContext.Current.CancellationToken;
        (await Host.Client.PutAsync("/ledger/poisoned/poison", null, cancellation)).EnsureSuccessStatusCode();
        await Host.ProduceAsync("poison", from: 1, count: 1);
        await Host.ProduceAsync("healthy", from: 1, count: 5);

        Assert.Equal(5, (await Host.WaitForAppliedAsync("healthy", 5, Deadline)).Applied);
        using var admin = Host.AdminClient();
        var letters = await Eventually.ReadAsync(() => DeadLettersAsync(admin, "\"poison\""), l => l.Count == 1, Deadline);
        var letter = Assert.Single(letters);
        Assert.Equal(LedgerHost.MaxAttempts, letter.Attempts);
        Assert.Contains("poisoned", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await Host.StatsAsync("poison")).Applied);

        (await Host.Client.DeleteAsync("/ledger/poisoned/poison", cancellation)).EnsureSuccessStatusCode();
        var replay = await admin.PostAsJsonAsync($"{DeadLetters}/replay",
            new DeadLetterEndpoints.ReplayRequest([letter.MessageId]), cancellation);
        replay.EnsureSuccessStatusCode();
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<DeadLetterEndpoints.ReplayResponse>(cancellation))!.Replayed);
        Assert.Equal(1, (await Host.WaitForAppliedAsync("poison", 1, Deadline)).Applied);
        Assert.Empty(await DeadLettersAsync(admin, "\"poison\""));
    }

    [Fact]
    public async Task Undeliverable_messages_are_dead_lettered_with_their_reason_and_the_consumer_keeps_running()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await Host.Transport.EnsureConsumerAsync(Host.Name, ["test.unknown.v1"], cancellation);
        var source = new Dictionary<string, string> { [TransportMessage.SourceHeader] = "tests" };
        var unknown = new TransportMessage(Guid.NewGuid(), "test.unknown.v1", Encoding.UTF8.GetBytes("{\"account\":\"bad\"}"), source);
        var malformed = new TransportMessage(Guid.NewGuid(), Deposited.EventType, Encoding.UTF8.GetBytes("{\"account\": \"bad\", "), source);
        var oversized = new TransportMessage(Guid.NewGuid(), Deposited.EventType,
            Encoding.UTF8.GetBytes($"{{\"account\":\"bad\",\"amount\":1,\"sequence\":1,\"pad\":\"{new string('x', LedgerHost.MaxBodyBytes)}\"}}"), source);
        var headerless = Deposit("bad", 1) with { Headers = new Dictionary<string, string>() };

        foreach (var message in new[] { unknown, malformed, oversized, headerless })
        {
            await Host.Transport.PublishAsync(message, cancellation);
        }

        await Host.Transport.PublishAsync(Deposit("after-bad", 1), cancellation);
        Assert.Equal(1, (await Host.WaitForAppliedAsync("after-bad", 1, Deadline)).Applied);
        using var admin = Host.AdminClient();
        var letters = await Eventually.ReadAsync(() => DeadLettersAsync(admin, "\"bad\""), l => l.Count >= 3, Deadline);
        var headerlessLetters = await Eventually.ReadAsync(() => DeadLettersAsync(admin, null), l => l.Any(x => x.MessageId == headerless.MessageId), Deadline);
        var reasons = letters.Concat(headerlessLetters).DistinctBy(l => l.MessageId).ToDictionary(l => l.MessageId, l => l.Reason);
        Assert.Contains("no handler", reasons[unknown.MessageId], StringComparison.Ordinal);
        Assert.Contains("Malformed", reasons[malformed.MessageId], StringComparison.Ordinal);
        Assert.Contains("exceeds the limit", reasons[oversized.MessageId], StringComparison.Ordinal);
        Assert.Contains(TransportMessage.SourceHeader, reasons[headerless.MessageId], StringComparison.Ordinal);
        Assert.Equal(0, (await Host.StatsAsync("bad")).Applied);
    }

    [Fact]
    public async Task Dead_letter_endpoints_are_for_admins_only()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var anonymous = await Host.Client.GetAsync(DeadLetters, cancellation);
        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        using var anonymousReplay = await Host.Client.PostAsJsonAsync($"{DeadLetters}/replay", new { }, cancellation);
        await ProblemAssert.IsProblemAsync(anonymousReplay, HttpStatusCode.Unauthorized);

        foreach (var role in new[] { "user", "approver" })
        {
            using var caller = Host.AdminClient();
            caller.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Shared.ForSomeone("user", role));
            await ProblemAssert.IsProblemAsync(await caller.GetAsync(DeadLetters, cancellation), HttpStatusCode.Forbidden);
            await ProblemAssert.IsProblemAsync(await caller.PostAsJsonAsync($"{DeadLetters}/replay", new { }, cancellation), HttpStatusCode.Forbidden);
        }

        using var admin = Host.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(DeadLetters, cancellation)).StatusCode);
        var replayed = await admin.PostAsJsonAsync($"{DeadLetters}/replay", new DeadLetterEndpoints.ReplayRequest([Guid.NewGuid()]), cancellation);
        Assert.Equal(0, (await replayed.Content.ReadFromJsonAsync<DeadLetterEndpoints.ReplayResponse>(cancellation))!.Replayed);
    }

    [Theory]
    [InlineData("/api/admin/messaging/dead-letters")]
    [InlineData("/api/admin/messaging/another-service/dead-letters")]
    [InlineData("/api/admin/messaging/another-service/dead-letters/replay")]
    public async Task A_service_answers_only_for_its_own_dead_letters(string path)
    {
        using var admin = Host.AdminClient();
        var cancellation = TestContext.Current.CancellationToken;
        using var response = path.EndsWith("/replay", StringComparison.Ordinal)
            ? await admin.PostAsJsonAsync(path, new { }, cancellation)
            : await admin.GetAsync(path, cancellation);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_and_readiness_report_the_outbox_consumer_and_broker()
    {
        await Host.ProduceAsync("observed", from: 1, count: 3);
        await Host.WaitForAppliedAsync("observed", 3, Deadline);

        var metrics = await Eventually.ReadAsync(() => Host.Client.GetStringAsync("/metrics"),
            text => text.Contains("outlay_outbox_sent_total", StringComparison.Ordinal), Deadline);
        foreach (var name in new[]
                 {
                     "outlay_outbox_pending", "outlay_outbox_oldest_age_seconds", "outlay_outbox_sent_total",
                     "outlay_consumer_messages_total{event_type=\"test.deposited.v1\",outcome=\"handled\"}",
                     "outlay_consumer_handler_duration_seconds_bucket",
                 })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        var ready = await Host.Client.GetStringAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Contains("broker", ready, StringComparison.Ordinal);
    }

    private static TransportMessage Deposit(string account, long sequence) => new(
        Guid.NewGuid(),
        Deposited.EventType,
        Encoding.UTF8.GetBytes(EventSerializer.Serialize(new Deposited(account, 1, sequence))),
        new Dictionary<string, string> { [TransportMessage.SourceHeader] = "tests" });

    /// <summary>This service's dead letters: the path names the service, as the gateway routes it.</summary>
    private string DeadLetters => $"/api/admin/messaging/{Host.Name}/dead-letters";

    private async Task<List<DeadLetterEndpoints.DeadLetterResponse>> DeadLettersAsync(HttpClient admin, string? bodyContains)
    {
        var letters = await admin.GetFromJsonAsync<List<DeadLetterEndpoints.DeadLetterResponse>>($"{DeadLetters}?limit=500");
        return [.. letters!.Where(l => bodyContains is null || l.Body.Contains(bodyContains, StringComparison.Ordinal))];
    }
}

public sealed class SqliteEmbeddedOutboxInboxTests() : OutboxInboxTests(DatabaseProvider.Sqlite, BrokerKind.Embedded);

public sealed class PostgresRabbitMqOutboxInboxTests() : OutboxInboxTests(DatabaseProvider.Postgres, BrokerKind.RabbitMq);

public sealed class SqliteRabbitMqOutboxInboxTests() : OutboxInboxTests(DatabaseProvider.Sqlite, BrokerKind.RabbitMq);

public sealed class PostgresEmbeddedOutboxInboxTests() : OutboxInboxTests(DatabaseProvider.Postgres, BrokerKind.Embedded);
