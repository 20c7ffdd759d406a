using Outlay.Messaging.Transport;

namespace Outlay.Messaging.RabbitMq;

/// <summary>Lists and replays a consumer's dead-letter queue (<c>{prefix}{consumer}.dead</c>) for the admin endpoints.</summary>
internal sealed class RabbitMqDeadLetters(RabbitMqConnection connection, RabbitMqTopology topology, RabbitMqPublisher publisher)
{
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string consumer, int limit, CancellationToken cancellationToken)
    {
        var dead = new List<DeadLetter>();
        var channel = await connection.OpenChannelAsync(cancellationToken);
        try
        {
            await RabbitMqTopology.DeclareQueueAsync(channel, topology.DeadQueue(consumer), null, cancellationToken);
            while (dead.Count < limit && await channel.BasicGetAsync(topology.DeadQueue(consumer), autoAck: false, cancellationToken) is { } got)
            {
                dead.Add(RabbitMqMessages.ReadDeadLetter(consumer, got));
            }
        }
        finally
        {
            // Never acknowledged: closing the channel puts them all back.
            await RabbitMqConnection.CloseQuietlyAsync(channel);
        }

        return dead;
    }

    public async Task<int> ReplayAsync(string consumer, IReadOnlyCollection<Guid>? messageIds, CancellationToken cancellationToken)
    {
        var wanted = messageIds is null ? null : new HashSet<Guid>(messageIds);
        var replayed = 0;
        var channel = await connection.OpenChannelAsync(cancellationToken);
        try
        {
            await topology.DeclareQueuesAsync(channel, consumer, cancellationToken);

            // Only what is there now: the ones left alone stay unacknowledged (so not fetched again) until the end.
            var present = await channel.QueueDeclarePassiveAsync(topology.DeadQueue(consumer), cancellationToken);
            for (var i = 0u; i < present.MessageCount; i++)
            {
                if (await channel.BasicGetAsync(topology.DeadQueue(consumer), autoAck: false, cancellationToken) is not { } got)
                {
                    break;
                }

                var dead = RabbitMqMessages.ReadDeadLetter(consumer, got);
                if (wanted is not null && !wanted.Contains(dead.Message.MessageId))
                {
                    continue;
                }

                await publisher.PublishConfirmedAsync("", topology.MainQueue(consumer), RabbitMqMessages.ToProperties(dead.Message, attempt: 1), dead.Message.Body, dead.Message.MessageId, cancellationToken);
                await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
                replayed++;
            }
        }
        finally
        {
            await RabbitMqConnection.CloseQuietlyAsync(channel);
        }

        return replayed;
    }
}
