using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Catalog;
using Outlay.Messaging.Consuming;
using Outlay.Ordering.Infrastructure;

namespace Outlay.Ordering.Replicas;

/// <summary>Keeps the newest snapshot of each product: an older or equal version (a late retry, a duplicate) is ignored.</summary>
public sealed class ProductReplicaSync(OrderingDbContext db, TimeProvider clock) : IEventHandler<ProductCreated>, IEventHandler<ProductUpdated>
{
    public Task HandleAsync(ProductCreated integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(integrationEvent.Product, cancellationToken);

    public Task HandleAsync(ProductUpdated integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(integrationEvent.Product, cancellationToken);

    public async Task ApplyAsync(ProductSnapshot snapshot, CancellationToken cancellationToken)
    {
        var replica = await db.Products.FirstOrDefaultAsync(p => p.ProductId == snapshot.ProductId, cancellationToken);
        if (replica is null)
        {
            replica = new ProductReplica { ProductId = snapshot.ProductId, Name = snapshot.Name, Currency = snapshot.Currency };
            db.Products.Add(replica);
        }
        else if (replica.Version >= snapshot.Version)
        {
            return;
        }

        replica.Apply(snapshot, clock.GetUtcNow().UtcDateTime);
    }
}
