using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Consuming;

/// <summary>Keeps this instance consuming its service's queue; a transport failure is logged and the subscription restarted.</summary>
internal sealed partial class ConsumerHost<TContext>(
    IMessageTransport transport,
    MessagingTopology topology,
    DeliveryDispatcher<TContext> dispatcher,
    ServiceName service,
    TimeProvider time,
    ILogger<ConsumerHost<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await topology.Declared.WaitAsync(stoppingToken);
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await transport.ConsumeAsync(service.Name, dispatcher.DispatchAsync, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogConsumeFailed(logger, exception);
            }

            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming stopped with an error; resubscribing")]
    private static partial void LogConsumeFailed(ILogger logger, Exception exception);
}
