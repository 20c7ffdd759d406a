using System.Collections.Concurrent;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Outlay.Messaging.Admin;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// A service's dead letters (Outlay.Messaging's DeadLetterEndpoints, mapped by every service at
/// <c>/api/admin/messaging/{service}/dead-letters</c>). The bodies are the real endpoint's own records, so the stub
/// cannot drift from the contract: list (<c>limit</c> bounded as there), replay of some or all, admin only.
/// </summary>
public sealed partial class ApiStub
{
    private readonly ConcurrentDictionary<string, List<DeadLetterEndpoints.DeadLetterResponse>> deadLetters = new(StringComparer.Ordinal);

    /// <summary>Stages a dead letter in <paramref name="service"/>'s queue and returns its message id.</summary>
    public Guid AddDeadLetter(string service, string type, string reason, string body, int attempts = 5)
    {
        var letter = new DeadLetterEndpoints.DeadLetterResponse(Guid.NewGuid(), type, reason, attempts, DateTime.UtcNow, body);
        var letters = deadLetters.GetOrAdd(service, _ => []);
        lock (letters)
        {
            letters.Add(letter);
        }

        return letter.MessageId;
    }

    /// <summary>The ids still dead-lettered in <paramref name="service"/>'s queue.</summary>
    public IReadOnlyList<Guid> DeadLetterIds(string service)
    {
        var letters = deadLetters.GetOrAdd(service, _ => []);
        lock (letters)
        {
            return [.. letters.Select(l => l.MessageId)];
        }
    }

    partial void MapDeadLetters(WebApplication app)
    {
        app.MapGet("/api/admin/messaging/{service}/dead-letters", (HttpContext http, string service, int? limit) => AsAdmin(http, () =>
        {
            var letters = deadLetters.GetOrAdd(service, _ => []);
            lock (letters)
            {
                return TypedResults.Ok(letters.Take(Math.Clamp(limit ?? 100, 1, DeadLetterEndpoints.MaxListed)).ToList());
            }
        }));
        app.MapPost("/api/admin/messaging/{service}/dead-letters/replay", (HttpContext http, string service, DeadLetterEndpoints.ReplayRequest? request) => AsAdmin(http, () =>
        {
            var letters = deadLetters.GetOrAdd(service, _ => []);
            lock (letters)
            {
                var replayed = letters.RemoveAll(l => request?.MessageIds is not { } ids || ids.Contains(l.MessageId));
                return TypedResults.Ok(new DeadLetterEndpoints.ReplayResponse(replayed));
            }
        }));
    }
}
