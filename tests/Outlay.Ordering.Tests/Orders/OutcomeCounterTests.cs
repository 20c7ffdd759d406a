using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

using Outlay.Contracts.Catalog;
using Outlay.Ordering.Infrastructure;
using Outlay.Ordering.Orders;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;
using Outlay.Testing.Messaging;

namespace Outlay.Ordering.Tests.Orders;

/// <summary>
/// Outcome counters count what is durable: a stock answer whose first handling attempt fails at the commit and is
/// retried accepts the order once and counts one acceptance, not one per attempt.
/// </summary>
public abstract partial class OutcomeCounterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FirstCommitFails failure = new();
    private TestBroker? broker;
    private RunningService<OrderingDbContext>? service;

    public async ValueTask InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            _ = TestDatabase.RequirePostgres();
        }

        broker = TestBroker.Create(BrokerKind.Embedded);
        service = await RunningService<OrderingDbContext>.StartAsync(provider, broker, "ordering",
            testServices: services => services.AddSingleton<IInterceptor>(failure));
    }

    public async ValueTask DisposeAsync()
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }

        if (broker is not null)
        {
            await broker.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_decision_retried_after_a_failed_commit_is_counted_once()
    {
        var product = Guid.NewGuid();
        await service!.PublishAsync(new ProductCreated(new ProductSnapshot(product, 1, "Counted", 3m, "EUR", 10, false)), "catalog");
        var replicated = await Eventually.ReadAsync(() => service.WithDbAsync(db => Task.FromResult(db.Products.Any(p => p.ProductId == product))), found => found,
            OrderingFixture.Deadline);
        Assert.True(replicated);
        var buyer = Guid.NewGuid();
        var placed = await service.As(buyer).PostAsync("/api/orders", OrderingFixture.Order(product, address: OrderingFixture.Address()));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var before = await AcceptedCountAsync();

        failure.Arm(order);
        await service.PublishAsync(new StockReserved(order, [new ReservedLine(product, 1)]), "catalog");
        var accepted = await Eventually.ReadAsync(() => service.WithDbAsync(db => Task.FromResult(db.Orders.Single(o => o.Id == order).Status)),
            status => status == OrderStatus.Accepted, OrderingFixture.Deadline);
        Assert.Equal(OrderStatus.Accepted, accepted);
        Assert.True(failure.Failed, "The first attempt's commit was meant to fail, so that the handler is retried.");

        var after = await Eventually.ReadAsync(AcceptedCountAsync, count => count > before, OrderingFixture.Deadline);
        Assert.Equal(before + 1, after);
    }

    private async Task<long> AcceptedCountAsync()
    {
        var metrics = await service!.Client().GetStringAsync("/metrics");
        var match = AcceptedTotal().Match(metrics);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^outlay_ordering_orders_accepted_total(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex AcceptedTotal();

    /// <summary>Fails the commit of the first transaction that changed the armed order, after the handler has run.</summary>
    private sealed class FirstCommitFails : DbTransactionInterceptor
    {
        private Guid? armed;

        public bool Failed { get; private set; }

        public void Arm(Guid order) => armed = order;

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (armed is { } order && eventData.Context?.ChangeTracker.Entries<Order>().Any(e => e.Entity.Id == order) == true)
            {
                armed = null;
                Failed = true;
                throw new InvalidOperationException("Simulated commit failure.");
            }

            return ValueTask.FromResult(result);
        }
    }
}

public sealed class OutcomeCountersOnSqlite() : OutcomeCounterTests(DatabaseProvider.Sqlite);

public sealed class OutcomeCountersOnPostgres() : OutcomeCounterTests(DatabaseProvider.Postgres);
