using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.Extensions.DependencyInjection;

using Outlay.Contracts;
using Outlay.Contracts.Identity;
using Outlay.Messaging;
using Outlay.Messaging.Transport;

namespace Outlay.Identity.Tests;

/// <summary>Sign-ups and profile changes reach the services that replicate profiles, through the outbox and the broker.</summary>
public abstract class IntegrationEventTests<THost>(THost host) : IClassFixture<THost> where THost : IdentityHost
{
    [Fact]
    public async Task Registering_publishes_UserRegistered_and_a_profile_change_publishes_the_newer_snapshot()
    {
        var email = IdentityHost.NewEmail();
        var userId = await host.RegisterAsync(email);

        var registered = await NextAsync<UserRegistered>(UserRegistered.EventType, e => e.Profile.UserId == userId);
        Assert.Equal(email, registered.Profile.LoginEmail);
        Assert.Equal([email], registered.Profile.Emails);
        Assert.Equal(1, registered.Profile.ProfileVersion);

        using var client = await host.SignedInAsync(email);
        var etag = (await client.GetAsync("/api/users/me", TestContext.Current.CancellationToken)).Headers.ETag!.Tag;
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/users/me")
        {
            Content = JsonContent.Create(AuthorizationTests<THost>.ValidProfile(email)),
        };
        put.Headers.IfMatch.ParseAdd(etag);
        (await client.SendAsync(put, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var updated = await NextAsync<UserProfileUpdated>(UserProfileUpdated.EventType, e => e.Profile.UserId == userId);
        Assert.Equal(2, updated.Profile.ProfileVersion);
        Assert.Equal("Jane", updated.Profile.FirstName);
        Assert.Equal("94107", updated.Profile.DeliveryAddress!.PostalCode);
    }

    /// <summary>Reads Ordering's queue (declared by Identity's topology) until the matching event arrives.</summary>
    private async Task<TEvent> NextAsync<TEvent>(string type, Func<TEvent, bool> match)
        where TEvent : IIntegrationEvent
    {
        var transport = host.Factory.Services.GetRequiredService<IMessageTransport>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        TEvent? found = default;
        try
        {
            await transport.ConsumeAsync("ordering", (received, _) =>
            {
                if (received.Message.Type == type
                    && JsonSerializer.Deserialize<TEvent>(received.Message.Body.Span, EventSerializer.Options) is { } candidate
                    && match(candidate))
                {
                    found = candidate;
                    Assert.Equal("identity", received.Message.Headers[TransportMessage.SourceHeader]);
                    deadline.Cancel();
                }

                return Task.FromResult(DeliveryOutcome.Ack);
            }, deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(found is not null, $"No {type} arrived within the deadline.");
        return found;
    }
}

public sealed class IntegrationEventsOnSqlite(SqliteIdentity host) : IntegrationEventTests<SqliteIdentity>(host);

public sealed class IntegrationEventsOnPostgres(PostgresIdentity host) : IntegrationEventTests<PostgresIdentity>(host);
