using Microsoft.Extensions.DependencyInjection.Extensions;
using Outlay.Catalog.Categories;
using Outlay.Catalog.Infrastructure;
using Outlay.Catalog.IntegrationEvents;
using Outlay.Catalog.Metrics;
using Outlay.Catalog.Products;
using Outlay.Catalog.Reservations;
using Outlay.Contracts.Ordering;
using Outlay.Messaging;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Catalog;

internal static class CatalogServices
{
    public const string ServiceName = "catalog";

    public static WebApplicationBuilder AddCatalogFeatures(this WebApplicationBuilder builder)
    {
        builder.AddOutlayDatabase<CatalogDbContext>(ServiceName);
        builder.AddOutlayMessaging<CatalogDbContext>(ServiceName, messaging => messaging
            .Consume<OrderPlaced, OrderPlacedHandler>()
            .Consume<OrderCancelled, OrderCancelledHandler>()
            .Consume<OrderStatusChanged, OrderStatusChangedHandler>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CatalogGauges>();
        builder.Services.AddSingleton<CatalogMetrics>();
        builder.Services.AddHostedService<CatalogGaugeRefresher>();
        builder.Services.AddScoped<StockReservations>();
        builder.Services.AddScoped<ProductChanges>();
        return builder;
    }

    public static WebApplication MapCatalogEndpoints(this WebApplication app)
    {
        app.MapCategoryEndpoints();
        app.MapProductEndpoints();
        app.MapProductAdminEndpoints();
        app.MapReservationEndpoints();
        return app;
    }
}
