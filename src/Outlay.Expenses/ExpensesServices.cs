using Outlay.Contracts.Identity;
using Outlay.Expenses.Budgets;
using Outlay.Expenses.Categories;
using Outlay.Expenses.Claims;
using Outlay.Expenses.Csv;
using Outlay.Expenses.Expenses;
using Outlay.Expenses.Infrastructure;
using Outlay.Expenses.IntegrationEvents;
using Outlay.Expenses.LegacyV1;
using Outlay.Expenses.Metrics;
using Outlay.Expenses.Settings;
using Outlay.Expenses.Summaries;
using Outlay.Messaging;
using Outlay.ServiceDefaults.Configuration;
using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses;

internal static class ExpensesServices
{
    public static WebApplicationBuilder AddExpensesFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ExpensesOptions>(builder.Configuration.GetSection(ExpensesOptions.Section))
            .DeclareSettings<ExpensesOptions>(ExpensesOptions.Section);
        builder.AddOutlayDatabase<ExpensesDbContext>("expenses");
        builder.AddOutlayMessaging<ExpensesDbContext>("expenses", messaging => messaging
            .Consume<UserRegistered, ProfileReplicaHandler>()
            .Consume<UserProfileUpdated, ProfileReplicaHandler>());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GaugeReadings>();
        builder.Services.AddSingleton<ExpensesMetrics>();
        builder.Services.AddScoped<UserCalendar>();
        builder.Services.AddScoped<ClaimService>();
        builder.Services.AddScoped<ExpenseImport>();
        builder.Services.AddHostedService<GaugeRefresher>();
        builder.Services.AddMoneyInputSchema();
        return builder;
    }

    public static WebApplication MapExpensesEndpoints(this WebApplication app)
    {
        app.MapSettingsEndpoints();
        app.MapCategoryEndpoints();
        app.MapSummaryEndpoints();
        app.MapExportEndpoint();
        app.MapImportEndpoint();
        app.MapExpenseEndpoints();
        app.MapBudgetEndpoints();
        app.MapClaimEndpoints();
        app.MapV1ExpenseEndpoints();
        app.MapOutlayMessaging();
        return app;
    }
}
