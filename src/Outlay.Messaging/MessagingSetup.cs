using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Outlay.Messaging.Admin;
using Outlay.Messaging.Consuming;
using Outlay.Messaging.Embedded;
using Outlay.Messaging.Observability;
using Outlay.Messaging.Outbox;
using Outlay.Messaging.RabbitMq;
using Outlay.Messaging.Transport;
using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Data.Migrations;
using Outlay.ServiceDefaults.Health;

namespace Outlay.Messaging;

public static class MessagingSetup
{
    private const string RabbitMqSection = MessagingOptions.Section + ":RabbitMq";
    private const string EmbeddedSection = MessagingOptions.Section + ":Embedded";

    /// <summary>
    /// Gives the service an outbox and inbox in <typeparamref name="TContext"/>'s database (the context must call
    /// <see cref="MessagingModel.AddOutlayMessaging"/>), the configured transport, the relay, and a consumer for the
    /// handlers declared in <paramref name="configure"/>.
    /// </summary>
    public static WebApplicationBuilder AddOutlayMessaging<TContext>(this WebApplicationBuilder builder, string serviceName, Action<MessagingBuilder>? configure = null)
        where TContext : DbContext
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<MessagingOptions>(configuration.GetSection(MessagingOptions.Section))
            .DeclareSettings<MessagingOptions>(MessagingOptions.Section)
            .DeclareSettings<RabbitMqOptions>(RabbitMqSection)
            .DeclareSettings<SqliteBrokerOptions>(EmbeddedSection);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ServiceName(serviceName));
        services.AddSingleton(new MigrationModule("messaging", typeof(MessagingSetup).Assembly, "messaging-migrations"));
        services.AddSingleton<OutboxWakeup>();
        services.AddSingleton<IInterceptor>(provider => provider.GetRequiredService<OutboxWakeup>());
        services.AddSingleton<MessagingMetrics>();
        AddTransport(services, configuration, serviceName);

        var registry = new HandlerRegistry();
        services.AddSingleton(registry);
        configure?.Invoke(new MessagingBuilder(services, registry));

        services.AddSingleton<MessagingTopology>();
        services.AddHostedService(provider => provider.GetRequiredService<MessagingTopology>());
        services.AddHostedService<OutboxRelay<TContext>>();
        if (registry.EventTypes.Count > 0)
        {
            services.AddSingleton<DeliveryDispatcher<TContext>>();
            services.AddHostedService<ConsumerHost<TContext>>();
        }

        services.AddHealthChecks().AddCheck<TransportHealthCheck>("broker", tags: [HealthSetup.ReadyTag]);
        return builder;
    }

    /// <summary>The admin endpoints for this service's dead letters.</summary>
    public static WebApplication MapOutlayMessaging(this WebApplication app)
    {
        app.MapDeadLetterEndpoints();
        return app;
    }

    private static void AddTransport(IServiceCollection services, ConfigurationManager configuration, string serviceName)
    {
        var kind = configuration.GetSection(MessagingOptions.Section).GetValue(nameof(MessagingOptions.Transport), TransportKind.Embedded);
        if (kind == TransportKind.RabbitMq)
        {
            services.Configure<RabbitMqOptions>(options =>
            {
                options.ConnectionName = serviceName;
                configuration.GetSection(RabbitMqSection).Bind(options);
            });
            services.AddSingleton<IMessageTransport, RabbitMqTransport>();
            return;
        }

        services.Configure<SqliteBrokerOptions>(options =>
        {
            // Services started together share one data folder, so the broker file there is the one they all use.
            var dataFolder = configuration.GetSection(DatabaseOptions.Section).GetValue<string>(nameof(DatabaseOptions.DataFolder)) ?? "data";
            options.Path = Path.Combine(dataFolder, "broker.db");
            configuration.GetSection(EmbeddedSection).Bind(options);
        });
        services.AddSingleton<IMessageTransport, SqliteBrokerTransport>();
    }
}
