using Outlay.Ordering.Orders;

namespace Outlay.Ordering.Buyers;

/// <summary>Ordering's copy of a user's contact data from Identity's profile events; the defaults of a new order.</summary>
public sealed class Buyer
{
    public Guid UserId { get; set; }
    public int ProfileVersion { get; set; }

    /// <summary>Contact emails, one per line.</summary>
    public string Emails { get; set; } = "";

    public DeliveryAddress? DeliveryAddress { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<string> EmailList => Emails.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
