namespace Outlay.Messaging;

/// <summary>The service this process belongs to: the source header of what it publishes and the name of its consumer queue.</summary>
public sealed record ServiceName(string Name);
