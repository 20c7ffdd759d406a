using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Contracts.Expenses;
using Outlay.Messaging;
using Outlay.Messaging.Outbox;
using Outlay.Messaging.Transport;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>Claim submissions and decisions leave through the outbox, and only when the change itself commits.</summary>
public abstract class IntegrationEventTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    private const string Listener = "expenses-event-test";

    [Fact]
    public async Task Submitting_and_deciding_a_claim_publish_ClaimSubmitted_and_ClaimDecided()
    {
        var transport = host.Factory.Services.GetRequiredService<IMessageTransport>();
        await transport.EnsureConsumerAsync(Listener, [ClaimSubmitted.EventType, ClaimDecided.EventType], TestContext.Current.CancellationToken);
        var submitter = host.NewUser();
        var approver = host.NewUser("approver");
        var created = await (await host.As(submitter).PostAsJsonAsync("/api/claims", new { category = "training", description = "Course", estimatedCost = "450.00", currency = "EUR" }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        (await host.As(approver).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/approve", new { comment = "Go" }, "\"1\"")).EnsureSuccessStatusCode();
        (await host.As(approver).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/reimburse", new { }, "\"2\"")).EnsureSuccessStatusCode();

        var events = await CollectAsync(transport, id, count: 3);
        var submitted = JsonSerializer.Deserialize<ClaimSubmitted>(events[0].Body, EventSerializer.Options)!;
        Assert.Equal(ClaimSubmitted.EventType, events[0].Type);
        Assert.Equal(submitter.Id, submitted.SubmitterId);
        Assert.Equal(submitter.Email, submitted.SubmitterEmail);
        Assert.Equal(450.00m, submitted.EstimatedCost);
        Assert.Equal("expenses", events[0].Source);

        var decisions = events.Skip(1).Select(e => JsonSerializer.Deserialize<ClaimDecided>(e.Body, EventSerializer.Options)!).ToList();
        Assert.Equal(["approved", "reimbursed"], decisions.Select(d => d.Status));
        Assert.All(decisions, d => Assert.Equal(approver.Id, d.DecidedBy));
        Assert.Equal("Go", decisions[0].Comment);
    }

    [Fact]
    public async Task A_refused_decision_writes_no_event()
    {
        var submitter = host.NewUser();
        var id = (await (await host.As(submitter).PostAsJsonAsync("/api/claims", new { category = "travel", description = "Train", estimatedCost = "80" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await host.As(host.NewUser("approver")).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/approve", new { }, "\"9\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As(host.NewUser("approver")).SendJsonAsync(HttpMethod.Post, $"/api/claims/{id}/reimburse", new { }, "\"1\"")).StatusCode);
        var stored = await host.WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.AggregateKey == id.ToString()).Select(m => m.Type).ToListAsync());
        Assert.Equal([ClaimSubmitted.EventType], stored);
    }

    private static async Task<List<(string Type, string Source, byte[] Body)>> CollectAsync(IMessageTransport transport, Guid claimId, int count)
    {
        var found = new ConcurrentQueue<(string, string, byte[])>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await transport.ConsumeAsync(Listener, (received, _) =>
            {
                if (received.Message.Headers.GetValueOrDefault(TransportMessage.AggregateHeader) == claimId.ToString())
                {
                    found.Enqueue((received.Message.Type, received.Message.Headers[TransportMessage.SourceHeader], received.Message.Body.ToArray()));
                    if (found.Count == count)
                    {
                        deadline.Cancel();
                    }
                }

                return Task.FromResult(DeliveryOutcome.Ack);
            }, deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(found.Count == count, $"Expected {count} events for the claim, got {found.Count} within the deadline.");
        return [.. found];
    }
}

public sealed class IntegrationEventsOnSqlite(SqliteExpenses host) : IntegrationEventTests<SqliteExpenses>(host);

public sealed class IntegrationEventsOnPostgres(PostgresExpenses host) : IntegrationEventTests<PostgresExpenses>(host);
