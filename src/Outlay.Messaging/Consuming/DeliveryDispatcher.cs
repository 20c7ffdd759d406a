using System.Diagnostics;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Outlay.Messaging.Inbox;
using Outlay.Messaging.Observability;
using Outlay.Messaging.Transport;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Messaging.Consuming;

/// <summary>
/// Turns one delivery into an outcome: rejects what can never be applied (dead letter with the reason), skips what
/// the inbox says was applied, and otherwise runs the handler and records the inbox row in one transaction. The
/// transport acknowledges only after this returns, i.e. after the commit.
/// </summary>
internal sealed partial class DeliveryDispatcher<TContext>(
    IServiceScopeFactory scopes,
    HandlerRegistry registry,
    ServiceName service,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher<TContext>> logger)
    where TContext : DbContext
{
    private const string UnknownType = "unknown";
    private readonly ConsumerOptions consumer = options.Value.Consumer;

    public async Task<DeliveryOutcome> DispatchAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        var message = received.Message;
        if (Reject(message, out var registration) is { } reason)
        {
            metrics.Delivered(registration is null ? UnknownType : message.Type, DeliveryOutcomeNames.DeadLettered);
            LogRejected(logger, message.MessageId, message.Type, reason);
            return DeliveryOutcome.DeadLetter(reason);
        }

        object integrationEvent;
        try
        {
            integrationEvent = EventSerializer.Deserialize(message.Body.Span, registration!.EventClrType)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException exception)
        {
            metrics.Delivered(message.Type, DeliveryOutcomeNames.DeadLettered);
            return DeliveryOutcome.DeadLetter($"Malformed body: {exception.Message}");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var applied = await ApplyAsync(received, registration, integrationEvent, cancellationToken);
            metrics.Delivered(message.Type, applied ? DeliveryOutcomeNames.Handled : DeliveryOutcomeNames.Duplicate);
            if (applied)
            {
                metrics.Handled(message.Type, Stopwatch.GetElapsedTime(started));
            }

            return DeliveryOutcome.Ack;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = $"{exception.GetType().Name}: {exception.Message}";
            if (received.Attempt >= consumer.MaxAttempts)
            {
                metrics.Delivered(message.Type, DeliveryOutcomeNames.DeadLettered);
                LogGaveUp(logger, exception, message.MessageId, message.Type, received.Attempt);
                return DeliveryOutcome.DeadLetter($"Failed {received.Attempt} times; last error: {error}");
            }

            metrics.Delivered(message.Type, DeliveryOutcomeNames.Retried);
            LogRetrying(logger, exception, message.MessageId, message.Type, received.Attempt);
            return DeliveryOutcome.RetryAfter(RetryDelay(received.Attempt), error);
        }
    }

    /// <summary>1 s, 5 s, 25 s, ... after the first, second, third failure (with the default first delay).</summary>
    public TimeSpan RetryDelay(int failedAttempt) =>
        TimeSpan.FromTicks(consumer.FirstRetryDelay.Ticks * (long)Math.Pow(5, Math.Clamp(failedAttempt - 1, 0, 6)));

    private string? Reject(TransportMessage message, out HandlerRegistry.Registration? registration)
    {
        registration = null;
        if (message.Body.Length > consumer.MaxBodyBytes)
        {
            return $"Body of {message.Body.Length} bytes exceeds the limit of {consumer.MaxBodyBytes}.";
        }

        if (message.MessageId == Guid.Empty)
        {
            return "The message has no id.";
        }

        if (!message.Headers.ContainsKey(TransportMessage.SourceHeader))
        {
            return $"The message has no {TransportMessage.SourceHeader} header.";
        }

        if (!registry.TryGet(message.Type, out var found))
        {
            return $"{service.Name} has no handler for event type '{message.Type}'.";
        }

        registration = found;
        return null;
    }

    /// <returns>false when the inbox shows the message was already applied.</returns>
    private async Task<bool> ApplyAsync(ReceivedMessage received, HandlerRegistry.Registration registration, object integrationEvent, CancellationToken cancellationToken)
    {
        var message = received.Message;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var inbox = db.Set<InboxMessage>();
        if (await inbox.AnyAsync(i => i.MessageId == message.MessageId && i.Consumer == service.Name, cancellationToken))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        inbox.Add(new InboxMessage
        {
            MessageId = message.MessageId,
            Consumer = service.Name,
            MessageType = message.Type,
            ProcessedAt = time.GetUtcNow().UtcDateTime,
        });
        var context = new EventContext(message.MessageId, message.Type, received.Attempt, message.Headers);
        await registration.Invoke(scope.ServiceProvider, integrationEvent, context, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // Another instance applied the same delivery concurrently and its commit won; anything else is a real failure.
            if (await AppliedByAnotherAsync(message.MessageId, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    private async Task<bool> AppliedByAnotherAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Set<InboxMessage>().AnyAsync(i => i.MessageId == messageId && i.Consumer == service.Name, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettering {MessageId} ({Type}): {Reason}")]
    private static partial void LogRejected(ILogger logger, Guid messageId, string type, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {MessageId} ({Type}) failed on attempt {Attempt}; retrying later")]
    private static partial void LogRetrying(ILogger logger, Exception exception, Guid messageId, string type, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {MessageId} ({Type}) failed on attempt {Attempt}; dead-lettered")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, Guid messageId, string type, int attempt);
}
