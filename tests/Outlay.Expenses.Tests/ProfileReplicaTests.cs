using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Contracts;
using Outlay.Contracts.Identity;
using Outlay.Messaging;
using Outlay.Messaging.Transport;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>Identity's profile events keep the submitter's contact on pending claims current, newest version wins.</summary>
public abstract class ProfileReplicaTests<THost>(THost host) : IClassFixture<THost> where THost : ExpensesHost
{
    [Fact]
    public async Task A_profile_change_updates_pending_claims_filed_with_the_profile_and_nothing_else()
    {
        var user = host.NewUser();
        var client = host.As(user);
        var approver = host.As(host.NewUser("approver"));
        async Task<Guid> Submit(string description) =>
            (await (await client.PostAsJsonAsync("/api/claims", new { category = "travel", description, estimatedCost = "10" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var pending = await Submit("pending");
        var decided = await Submit("decided");
        (await approver.SendJsonAsync(HttpMethod.Post, $"/api/claims/{decided}/approve", new { }, "\"1\"")).EnsureSuccessStatusCode();
        var typedIn = (await (await client.PostAsync("/v1/expenses", HttpJson.RawJson("""{"name":"Foo Bar","email":"foo@bar.com","category":"travel","description":"v1","estimated_costs":"5"}""")))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await PublishAsync(new UserProfileUpdated(Snapshot(user.Id, 3, "jane@new.example", "Jane", "Doe"), DateTime.UtcNow));
        var updated = await Eventually.ReadAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/claims/{pending}"),
            c => c.GetProperty("submitter").GetProperty("email").GetString() == "jane@new.example", TimeSpan.FromSeconds(20));
        Assert.Equal("jane@new.example", updated.GetProperty("submitter").GetProperty("email").GetString());
        Assert.Equal("Jane Doe", updated.GetProperty("submitter").GetProperty("name").GetString());
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal(user.Email, (await client.GetFromJsonAsync<JsonElement>($"/api/claims/{decided}")).GetProperty("submitter").GetProperty("email").GetString());
        Assert.Equal("foo@bar.com", (await client.GetFromJsonAsync<JsonElement>($"/v1/expenses/{typedIn}")).GetProperty("email").GetString());

        // An older snapshot arriving late changes nothing; new claims use the newest profile.
        await PublishAsync(new UserRegistered(Snapshot(user.Id, 1, "jane@old.example", "Jane", "Old"), DateTime.UtcNow));
        await Eventually.ReadAsync(() => host.WithDbAsync(db => db.Set<Messaging.Inbox.InboxMessage>().CountAsync(m => m.MessageType == UserRegistered.EventType)),
            count => count > 0, TimeSpan.FromSeconds(20));
        var later = await Submit("later");
        Assert.Equal("jane@new.example", (await client.GetFromJsonAsync<JsonElement>($"/api/claims/{later}")).GetProperty("submitter").GetProperty("email").GetString());
        Assert.Equal(3, await host.WithDbAsync(db => db.SubmitterProfiles.Where(p => p.UserId == user.Id).Select(p => p.ProfileVersion).SingleAsync()));
    }

    private static UserProfileSnapshot Snapshot(Guid id, int version, string email, string first, string last) =>
        new(id, version, email, first, last, [email], null, null);

    private async Task PublishAsync<TEvent>(TEvent integrationEvent)
        where TEvent : IIntegrationEvent
    {
        var transport = host.Factory.Services.GetRequiredService<IMessageTransport>();
        var headers = new Dictionary<string, string> { [TransportMessage.SourceHeader] = "identity" };
        var body = Encoding.UTF8.GetBytes(EventSerializer.Serialize(integrationEvent));
        await transport.PublishAsync(new TransportMessage(Guid.NewGuid(), TEvent.EventType, body, headers), TestContext.Current.CancellationToken);
    }
}

public sealed class ProfileReplicaOnSqlite(SqliteExpenses host) : ProfileReplicaTests<SqliteExpenses>(host);

public sealed class ProfileReplicaOnPostgres(PostgresExpenses host) : ProfileReplicaTests<PostgresExpenses>(host);
