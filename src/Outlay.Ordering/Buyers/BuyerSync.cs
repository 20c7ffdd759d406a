using Microsoft.EntityFrameworkCore;

using Outlay.Contracts.Identity;
using Outlay.Messaging.Consuming;
using Outlay.Ordering.Infrastructure;
using Outlay.Ordering.Orders;

namespace Outlay.Ordering.Buyers;

/// <summary>
/// Seed 003's profile sync: a newer profile replaces the buyer's contact data and that of their orders that have not
/// shipped yet (one set-based UPDATE, guarded by status and by the profile version each order holds, so an order that
/// ships meanwhile keeps the address it went to and an older profile never overwrites a newer one).
/// </summary>
public sealed class BuyerSync(OrderingDbContext db, TimeProvider clock) : IEventHandler<UserRegistered>, IEventHandler<UserProfileUpdated>
{
    public Task HandleAsync(UserRegistered integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(integrationEvent.Profile, cancellationToken);

    public Task HandleAsync(UserProfileUpdated integrationEvent, EventContext context, CancellationToken cancellationToken) =>
        ApplyAsync(integrationEvent.Profile, cancellationToken);

    public async Task ApplyAsync(UserProfileSnapshot profile, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var buyer = await db.Buyers.FirstOrDefaultAsync(b => b.UserId == profile.UserId, cancellationToken);
        if (buyer is null)
        {
            buyer = new Buyer { UserId = profile.UserId };
            db.Buyers.Add(buyer);
        }
        else if (buyer.ProfileVersion >= profile.ProfileVersion)
        {
            return;
        }

        var emails = Order.JoinEmails(profile.Emails.Count > 0 ? profile.Emails : [profile.LoginEmail]);
        var address = profile.DeliveryAddress is { } a ? new DeliveryAddress(a.Street, a.City, a.State, a.PostalCode, a.Country) : null;
        buyer.ProfileVersion = profile.ProfileVersion;
        buyer.Emails = emails;
        buyer.DeliveryAddress = address;
        buyer.UpdatedAt = now;

        var open = db.Orders.Where(o => o.BuyerId == profile.UserId
            && (o.Status == OrderStatus.Pending || o.Status == OrderStatus.Accepted)
            && o.ContactProfileVersion < profile.ProfileVersion);
        if (address is null)
        {
            await open.ExecuteUpdateAsync(set => set
                .SetProperty(o => o.Emails, emails)
                .SetProperty(o => o.ContactProfileVersion, profile.ProfileVersion)
                .SetProperty(o => o.UpdatedAt, now)
                .SetProperty(o => o.Version, o => o.Version + 1), cancellationToken);
            return;
        }

        await open.ExecuteUpdateAsync(set => set
            .SetProperty(o => o.Emails, emails)
            .SetProperty(o => o.DeliveryAddress.Street, address.Street)
            .SetProperty(o => o.DeliveryAddress.City, address.City)
            .SetProperty(o => o.DeliveryAddress.State, address.State)
            .SetProperty(o => o.DeliveryAddress.PostalCode, address.PostalCode)
            .SetProperty(o => o.DeliveryAddress.Country, address.Country)
            .SetProperty(o => o.ContactProfileVersion, profile.ProfileVersion)
            .SetProperty(o => o.UpdatedAt, now)
            .SetProperty(o => o.Version, o => o.Version + 1), cancellationToken);
    }
}
