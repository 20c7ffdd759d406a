using Microsoft.Extensions.DependencyInjection.Extensions;

using Outlay.Contracts.Catalog;
using Outlay.Contracts.Identity;
using Outlay.Messaging;
using Outlay.Ordering.Buyers;
using Outlay.Ordering.Infrastructure;
using Outlay.Ordering.IntegrationEvents;
using Outlay.Ordering.Metrics;
using Outlay.Ordering.Orders;
using Outlay.Ordering.Replicas;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Ordering;

internal static class OrderingServices
{
    public const string ServiceName = "ordering";

    public static WebApplicationBuilder AddOrderingFeatures(this WebApplicationBuilder builder)
    {
        builder.AddOutlayDatabase<OrderingDbContext>(ServiceName);
        builder.AddOutlayMessaging<OrderingDbContext>(ServiceName, messaging => messaging
            .Consume<StockReserved, StockReservedHandler>()
            .Consume<StockRejected, StockRejectedHandler>()
            .Consume<ProductCreated, ProductReplicaSync>()
            .Consume<ProductUpdated, ProductReplicaSync>()
            .Consume<UserRegistered, BuyerSync>()
            .Consume<UserProfileUpdated, BuyerSync>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OrderingGauges>();
        builder.Services.AddSingleton<OrderingMetrics>();
        builder.Services.AddHostedService<OrderingGaugeRefresher>();
        builder.Services.AddScoped<OrderTransitions>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddScoped<OrderChanges>();
        return builder;
    }

    public static WebApplication MapOrderingEndpoints(this WebApplication app)
    {
        app.MapOrderEndpoints();
        return app;
    }
}
