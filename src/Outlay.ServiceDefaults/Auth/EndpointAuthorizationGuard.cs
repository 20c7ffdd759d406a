using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Outlay.ServiceDefaults.Auth;

/// <summary>
/// Secure by default without turning every 404 into a 401: a service refuses to start while any of its
/// endpoints says neither who may call it (<c>RequireAuthorization</c>) nor that anyone may (<c>AllowAnonymous</c>).
/// </summary>
internal sealed class EndpointAuthorizationGuard(EndpointDataSource endpoints) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the web host built its pipeline: only then does the endpoint data source hold the app's endpoints.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var undeclared = Undeclared(endpoints).ToList();
        return undeclared.Count == 0
            ? Task.CompletedTask
            : throw new InvalidOperationException(
                $"Endpoints without an authorization decision: {string.Join(", ", undeclared)}. Add RequireAuthorization(policy) or AllowAnonymous().");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static IEnumerable<string> Undeclared(EndpointDataSource endpoints) =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => $"{string.Join('|', e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}");
}
