using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Messaging.Transport;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Messaging.Admin;

/// <summary>Lets an admin see why events were dead-lettered and send them back once the cause is fixed.</summary>
public static class DeadLetterEndpoints
{
    public const int MaxListed = 500;

    /// <summary>
    /// <c>/api/admin/messaging/{service}</c>: every service has dead letters of its own, and behind the gateway, which
    /// routes by path, only the service's name in the path tells whose are meant.
    /// </summary>
    public static string PathOf(string service) => $"/api/admin/messaging/{service}";

    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder app)
    {
        var service = app.ServiceProvider.GetRequiredService<ServiceName>().Name;
        var group = app.MapGroup(PathOf(service)).RequireAuthorization(OutlayPolicies.Admin).WithTags("Messaging");
        group.MapGet("/dead-letters", ListAsync);
        group.MapPost("/dead-letters/replay", ReplayAsync);
        return app;
    }

    public sealed record DeadLetterResponse(Guid MessageId, string Type, string Reason, int Attempts, DateTime DeadLetteredAt, string Body);

    public sealed record ReplayRequest(IReadOnlyList<Guid>? MessageIds);

    public sealed record ReplayResponse(int Replayed);

    private static async Task<Ok<List<DeadLetterResponse>>> ListAsync(IMessageTransport transport, ServiceName service, int? limit, CancellationToken cancellationToken)
    {
        var letters = await transport.ListDeadLettersAsync(service.Name, Math.Clamp(limit ?? 100, 1, MaxListed), cancellationToken);
        return TypedResults.Ok(letters.Select(l => new DeadLetterResponse(
            l.Message.MessageId, l.Message.Type, l.Reason, l.Attempts, l.DeadLetteredAt,
            System.Text.Encoding.UTF8.GetString(l.Message.Body.Span))).ToList());
    }

    /// <summary>Replays the listed dead letters, or all of them when no ids are given.</summary>
    private static async Task<Ok<ReplayResponse>> ReplayAsync(IMessageTransport transport, ServiceName service, ReplayRequest? request, CancellationToken cancellationToken)
    {
        var replayed = await transport.ReplayDeadLettersAsync(service.Name, request?.MessageIds, cancellationToken);
        return TypedResults.Ok(new ReplayResponse(replayed));
    }
}
