namespace Outlay.Contracts;

/// <summary>
/// A fact one service publishes for others. <see cref="EventType"/> is the stable wire name (routing key, inbox and
/// dead-letter label): it ends in a version, and a breaking change is a new record with a new name, published next
/// to the old one until every consumer has moved. Adding an optional field is not breaking: consumers ignore
/// fields they do not know.
/// </summary>
public interface IIntegrationEvent
{
    static abstract string EventType { get; }
}
