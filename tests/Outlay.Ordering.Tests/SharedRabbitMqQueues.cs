namespace Outlay.Ordering.Tests;

/// <summary>
/// Test classes that run Catalog and Ordering on RabbitMQ. A service's queues are named after the service ("catalog",
/// "ordering"), not after the test's private exchange, so two such classes running at once would consume each other's
/// messages from the same queue: they run one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedRabbitMqQueues
{
    public const string Name = "Services on RabbitMQ share queue names";
}
