using Microsoft.Extensions.Diagnostics.HealthChecks;

using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Observability;

/// <summary>Readiness includes the broker: an instance that cannot publish or consume is taken out of rotation.</summary>
internal sealed class TransportHealthCheck(IMessageTransport transport, MessagingTopology topology) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!topology.Declared.IsCompleted)
        {
            return HealthCheckResult.Unhealthy("The messaging topology is not declared yet.");
        }

        return await transport.IsHealthyAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The message broker cannot be reached.");
    }
}
