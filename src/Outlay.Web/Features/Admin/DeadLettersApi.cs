using System.Globalization;

using Outlay.Web.Api;

namespace Outlay.Web.Features.Admin;

/// <summary>An event a service gave up on, as the service lists it (DeadLetterEndpoints in Outlay.Messaging).</summary>
public sealed record DeadLetterView(Guid MessageId, string Type, string Reason, int Attempts, DateTime DeadLetteredAt, string Body)
{
    public const int PreviewLength = 160;

    /// <summary>Enough of the body to recognise the event; the whole body is one click away.</summary>
    public string BodyPreview => Body.Length <= PreviewLength ? Body : string.Concat(Body.AsSpan(0, PreviewLength), "…");

    public bool BodyTruncated => Body.Length > PreviewLength;
}

public sealed record ReplayOutcome(int Replayed);

/// <summary>
/// Each service's dead letters through the gateway: <c>/api/admin/messaging/{service}/dead-letters</c> and its
/// <c>/replay</c> (admin role). The service is in the path because every service has dead letters of its own.
/// </summary>
public sealed class DeadLettersApi(GatewayClient api)
{
    /// <summary>The services with an outbox and a consumer queue, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<string> Services = ["identity", "expenses", "catalog", "ordering"];

    /// <summary>The most the page lists per service; replaying all of them also replays any beyond it.</summary>
    public const int ListLimit = 100;

    public Task<ApiResult<List<DeadLetterView>>> ListAsync(string service, CancellationToken cancellationToken) =>
        api.GetAsync<List<DeadLetterView>>(Query.Of(PathOf(service), ("limit", ListLimit.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    /// <summary>Sends the given dead letters back to the service's queue, or all of them when <paramref name="messageIds"/> is null.</summary>
    public Task<ApiResult<ReplayOutcome>> ReplayAsync(string service, IReadOnlyList<Guid>? messageIds, CancellationToken cancellationToken) =>
        api.SendAsync<ReplayOutcome>(HttpMethod.Post, PathOf(service) + "/replay", new { messageIds }, null, cancellationToken);

    private static string PathOf(string service) => $"/api/admin/messaging/{Uri.EscapeDataString(service)}/dead-letters";
}
