using System.Collections.Concurrent;
using System.Net.WebSockets;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>
/// A small real HTTP server on a loopback port standing in for a service: echoes what it received, answers
/// chosen statuses, stalls, holds requests until released, breaks mid-body, swallows uploads, reports readiness and
/// echoes WebSocket frames.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;
    private int _held;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Backend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public Uri Url { get; private set; } = null!;

    public int Hits => Volatile.Read(ref _hits);

    public bool Ready { get; set; } = true;

    /// <summary>When set, every request except the health check is answered with this status.</summary>
    public int? FailWith { get; set; }

    public ConcurrentQueue<string> Paths { get; } = new();

    /// <summary>When set, <c>/hold</c> keeps each request open until <see cref="ReleaseHeld"/>; otherwise it answers at once.</summary>
    public bool HoldRequests { get; set; }

    /// <summary>Requests to <c>/hold</c> waiting right now: what the gateway counts as in flight to this destination.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Answers every request held so far; later ones are held again while <see cref="HoldRequests"/> is set.</summary>
    public void ReleaseHeld() => Interlocked.Exchange(ref _release, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <param name="address">Any loopback address (127.0.0.0/8), so that a test can give backends addresses of their own.</param>
    public static async Task<Backend> StartAsync(string name, int port = 0, string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{address}:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var backend = new Backend(name, app);
        backend.Map(app);
        await app.StartAsync();
        backend.Url = new Uri(app.Urls.First());
        return backend;
    }

    private void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/health"))
            {
                context.Response.StatusCode = Ready ? 200 : 503;
                return;
            }

            Interlocked.Increment(ref _hits);
            Paths.Enqueue(context.Request.Path + context.Request.QueryString);
            if (FailWith is { } status)
            {
                context.Response.StatusCode = status;
                return;
            }

            await next(context);
        });
        app.MapGet("/whoami", () => Name);
        app.Map("/echo/{**rest}", (Delegate)Echo);
        app.Map("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/slow/{milliseconds:int}", async (int milliseconds, CancellationToken cancel) =>
        {
            await Task.Delay(milliseconds, cancel);
            return Name;
        });
        app.MapGet("/hold", async (CancellationToken cancel) =>
        {
            if (!HoldRequests)
            {
                return Name;
            }

            // Taken before being counted, so that a request the test sees as held is one that ReleaseHeld releases.
            var release = Volatile.Read(ref _release).Task;
            Interlocked.Increment(ref _held);
            try
            {
                await release.WaitAsync(cancel);
            }
            finally
            {
                Interlocked.Decrement(ref _held);
            }

            return Name;
        });
        app.MapGet("/partial", async (HttpContext context) =>
        {
            context.Response.ContentLength = 100_000;
            await context.Response.Body.WriteAsync(new byte[10_000]);
            await context.Response.Body.FlushAsync();
            // Kestrel's flush hands bytes to its transport, not yet to the socket; an immediate abort could drop them.
            await Task.Delay(200);
            context.Abort();
        });
        app.MapPost("/sink", async (HttpContext context) =>
        {
            var total = await StreamBytes.CountToEndAsync(context.Request.Body, context.RequestAborted);
            return Results.Text(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        app.MapGet("/download/{bytes:long}", async (long bytes, HttpContext context) =>
        {
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < bytes; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)));
            }
        });
        app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Results.BadRequest();
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return Results.Empty;
                }

                var reply = System.Text.Encoding.UTF8.GetBytes(Name + ":" + System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
                await socket.SendAsync(reply, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        });
    }

    private async Task<IResult> Echo(HttpContext context)
    {
        var length = await StreamBytes.CountToEndAsync(context.Request.Body, context.RequestAborted);
        return Results.Json(new EchoReply(
            Name, context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            length, context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ""));
    }

    /// <summary>Stops abruptly, like a crashed process: connections are cut, nothing deregisters.</summary>
    public async Task KillAsync()
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await _app.StopAsync(now.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}

internal sealed record EchoReply(string Name, string Method, string Path, string Query, Dictionary<string, string> Headers, long BodyLength, string RawTarget)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
