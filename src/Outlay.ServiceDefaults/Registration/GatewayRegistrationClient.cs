using System.Net.Http.Json;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Outlay.ServiceDefaults.Registration;

/// <summary>
/// Registers this instance with the gateway once the server listens, renews the lease on every heartbeat (which
/// also re-registers it with a gateway that restarted), and deregisters first thing on a graceful shutdown so
/// the gateway stops sending requests before the server stops taking them.
/// </summary>
internal sealed partial class GatewayRegistrationClient(
    IOptions<GatewayRegistrationOptions> options,
    ServiceIdentity service,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<GatewayRegistrationClient> logger) : BackgroundService, IHostedLifecycleService
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _heartbeats = new();
    private Uri? _instanceUri;

    protected override async Task ExecuteAsync(CancellationToken hostStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(hostStopping, _heartbeats.Token);
        var stoppingToken = linked.Token;
        var settings = options.Value;
        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var body = new InstanceRegistration(settings.ServiceName ?? service.Name, InstanceUrl(settings), settings.Version, settings.Weight);
        _instanceUri = InstanceUri(settings, body.Url!);
        var interval = settings.HeartbeatInterval;
        var registered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var request = Request(HttpMethod.Put, _instanceUri, settings);
                request.Content = JsonContent.Create(body);
                using var response = await _http.SendAsync(request, stoppingToken);
                response.EnsureSuccessStatusCode();
                var lease = await response.Content.ReadFromJsonAsync<RegistrationLease>(stoppingToken);
                // Renew well within the lease, whatever the gateway's lease is.
                interval = lease is { LeaseSeconds: > 0 }
                    ? TimeSpan.FromSeconds(Math.Min(settings.HeartbeatInterval.TotalSeconds, lease.LeaseSeconds / 3.0))
                    : settings.HeartbeatInterval;
                if (!registered)
                {
                    LogRegistered(body.Service!, body.Url!, settings.RegistrationUrl!);
                    registered = true;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // The gateway may start after us or restart; keep trying at a short interval until it answers.
                LogRegistrationFailed(settings.RegistrationUrl!, ex.Message);
                registered = false;
                interval = TimeSpan.FromSeconds(1);
            }

            await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Runs before the server stops accepting requests.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // Heartbeats end first, so that none re-registers the instance after the deregistration.
        await _heartbeats.CancelAsync();
        if (ExecuteTask is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_instanceUri is null)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var request = Request(HttpMethod.Delete, _instanceUri, options.Value);
            using var response = await _http.SendAsync(request, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The lease expires on its own.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        _http.Dispose();
        _heartbeats.Dispose();
        base.Dispose();
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private string InstanceUrl(GatewayRegistrationOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.InstanceUrl))
        {
            return settings.InstanceUrl;
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"Set {GatewayRegistrationOptions.Section}:InstanceUrl: the server reports no address.");
        // A wildcard listener is reachable on loopback from the same machine; elsewhere InstanceUrl must say where.
        return address.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal);
    }

    private Uri InstanceUri(GatewayRegistrationOptions settings, string url)
    {
        var id = settings.InstanceId ?? $"{settings.ServiceName ?? service.Name}-{Environment.MachineName}-{new Uri(url).Port}";
        return new Uri(settings.RegistrationUrl!.TrimEnd('/') + RegistrationProtocol.InstancesPath + "/" + Uri.EscapeDataString(id.ToLowerInvariant()));
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri, GatewayRegistrationOptions settings)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add(RegistrationProtocol.SecretHeader, settings.RegistrationSecret ?? "");
        return request;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Service} at {Url} with the gateway {Gateway}")]
    private partial void LogRegistered(string service, string url, string gateway);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration with the gateway {Gateway} failed: {Reason}; retrying")]
    private partial void LogRegistrationFailed(string gateway, string reason);
}
