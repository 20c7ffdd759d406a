using Microsoft.AspNetCore.Mvc;

using Outlay.Web.Api;
using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Admin;

/// <summary>What one service reported: its dead letters, or why they could not be listed.</summary>
public sealed record ServiceDeadLetters(string Name, IReadOnlyList<DeadLetterView> Letters, ApiProblem? Problem);

/// <summary>
/// Every service's dead letters on one page, each replayed on its own or all of a service's at once. A service that is
/// down gets a notice in its own section; the others are still listed.
/// </summary>
public sealed class DeadLettersModel(DeadLettersApi deadLetters) : OutlayPage
{
    public IReadOnlyList<ServiceDeadLetters> Services { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Services.Any(s => s.Problem?.Status == StatusCodes.Status401Unauthorized))
        {
            return await SessionEndedAsync();
        }

        if (Services.All(s => s.Problem?.IsUnavailable == true))
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostReplayAsync(string service, Guid messageId, CancellationToken cancellationToken)
    {
        if (!DeadLettersApi.Services.Contains(service))
        {
            return NotFound();
        }

        var result = await deadLetters.ReplayAsync(service, [messageId], cancellationToken);
        if (result.Problem is { } problem)
        {
            return await ProblemAsync(problem, reload: () => LoadAsync(cancellationToken));
        }

        return result.Value?.Replayed > 0
            ? Done($"{service}: the event was sent back to its queue.")
            : Done($"{service}: that event is no longer dead-lettered; nothing was replayed.");
    }

    public async Task<IActionResult> OnPostReplayAllAsync(string service, CancellationToken cancellationToken)
    {
        if (!DeadLettersApi.Services.Contains(service))
        {
            return NotFound();
        }

        var result = await deadLetters.ReplayAsync(service, null, cancellationToken);
        return result.Problem is { } problem
            ? await ProblemAsync(problem, reload: () => LoadAsync(cancellationToken))
            : Done($"{service}: {Events(result.Value?.Replayed ?? 0)} sent back to the queue.");
    }

    /// <summary>Asks every service at once, so one that is slow or down costs its own timeout, not the sum.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(DeadLettersApi.Services.Select(service => deadLetters.ListAsync(service, cancellationToken)));
        Services = [.. DeadLettersApi.Services.Zip(results, (service, result) => new ServiceDeadLetters(service, result.Value ?? [], result.Problem))];
    }

    public static string Events(int count) => count == 1 ? "1 event" : $"{count} events";
}
