using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Outlay.Contracts;
using Outlay.Messaging.Consuming;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging;

/// <summary>
/// Declares every consumer's subscriptions on the broker (retrying until the broker answers) before anything is
/// sent or received. Declaring the whole <see cref="EventTopology"/>, not only this service's part, means an event
/// published before its consumer ever started is kept for it.
/// </summary>
internal sealed partial class MessagingTopology(
    IMessageTransport transport,
    HandlerRegistry handlers,
    ServiceName service,
    Microsoft.Extensions.Options.IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<MessagingTopology> logger) : BackgroundService
{
    private readonly TaskCompletionSource declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Declared => declared.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var (consumer, types) in options.Value.DeclareTopology ? EventTopology.Consumers : new Dictionary<string, IReadOnlyList<string>>())
                {
                    await transport.EnsureConsumerAsync(consumer, types, stoppingToken);
                }

                if (handlers.EventTypes.Count > 0)
                {
                    await transport.EnsureConsumerAsync(service.Name, handlers.EventTypes, stoppingToken);
                }

                declared.TrySetResult();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogDeclareFailed(logger, exception);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declaring the messaging topology failed; retrying")]
    private static partial void LogDeclareFailed(ILogger logger, Exception exception);
}
