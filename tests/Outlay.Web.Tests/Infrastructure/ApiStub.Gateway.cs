using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>The gateway's admin API (AdminEndpoints on the gateway branch): one cluster with a v1/v2 canary.</summary>
public sealed partial class ApiStub
{
    public Dictionary<string, int> IdentityWeights { get; private set; } = new() { ["v1"] = 90, ["v2"] = 10 };

    private sealed record WeightsBody(Dictionary<string, int>? Weights);

    partial void MapGatewayAdmin(WebApplication app)
    {
        app.MapGet("/gateway/admin/clusters", (HttpContext http) => As(http, caller => caller.IsAdmin ? Results.Ok(new[] { Cluster() }) : Results.Problem(statusCode: 403, title: "Forbidden")));
        app.MapPut("/gateway/admin/clusters/{id}/versions", (HttpContext http, string id, WeightsBody body) => As(http, caller =>
        {
            if (!caller.IsAdmin)
            {
                return Results.Problem(statusCode: 403, title: "Forbidden");
            }

            if (id != "identity")
            {
                return Results.NotFound();
            }

            if (body.Weights is not { Count: > 0 } weights || weights.Values.Any(w => w is < 0 or > 10_000) || weights.Values.Sum() == 0)
            {
                return StubCaller.Validation(("weights", "Give each version label a weight between 0 and 10000, not all 0."));
            }

            IdentityWeights = weights;
            return Results.Ok(Cluster());
        }));
    }

    private object Cluster() => new
    {
        id = "identity",
        serviceName = "identity",
        loadBalancing = "RoundRobin",
        versionWeights = IdentityWeights,
        versionWeightsOverridden = true,
        destinations = new[]
        {
            new { id = "identity-1", address = "http://127.0.0.1:5001/", version = "v1", source = "Registered", weight = 100, effectiveWeight = 100, drained = false, healthy = true, activeHealthy = true, ejectedUntil = (DateTimeOffset?)null, ejections = 0, outstanding = 0 },
            new { id = "identity-2", address = "http://127.0.0.1:5002/", version = "v2", source = "Registered", weight = 100, effectiveWeight = 100, drained = false, healthy = false, activeHealthy = false, ejectedUntil = (DateTimeOffset?)null, ejections = 1, outstanding = 0 },
        },
    };
}
